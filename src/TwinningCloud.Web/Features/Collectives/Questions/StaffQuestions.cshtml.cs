using Microsoft.AspNetCore.Authorization;
using TwinningCloud.Web.Features.Collectives.Coordinators;
using TwinningCloud.Web.Platform.Identity;

namespace TwinningCloud.Web.Features.Collectives.Questions;

/// <summary>The questions of any collective of the town, for staff (<see cref="QuestionsPage"/>).</summary>
[Authorize(Policy = Policies.TenantStaff)]
public sealed class StaffQuestionsModel(CollectiveAreas areas, CollectiveQuestions questions)
    : QuestionsPage(CollectiveArea.Staff, areas, questions);
