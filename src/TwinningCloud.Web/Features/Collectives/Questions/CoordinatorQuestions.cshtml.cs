using Microsoft.AspNetCore.Authorization;
using TwinningCloud.Web.Features.Collectives.Coordinators;

namespace TwinningCloud.Web.Features.Collectives.Questions;

/// <summary>The questions of a collective, for its member coordinators (their collectives only; 404 for any other).</summary>
[AllowAnonymous]
[CitizenSessionPage]
public sealed class CoordinatorQuestionsModel(CollectiveAreas areas, CollectiveQuestions questions)
    : QuestionsPage(CollectiveArea.Coordinator, areas, questions);
