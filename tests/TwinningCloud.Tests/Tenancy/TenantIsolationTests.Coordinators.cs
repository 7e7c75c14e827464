using TwinningCloud.Web.Features.Collectives;
using TwinningCloud.Web.Features.Collectives.Coordinators;
using TwinningCloud.Web.Features.Collectives.Questions;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Tests.Tenancy;

public sealed partial class TenantIsolationTests
{
    /// <summary>The collectives' coordinators and questions (Features/Collectives/Coordinators, Questions).</summary>
    private static Type[] CoordinationTypes => [typeof(CollectiveStaffCoordinator), typeof(CollectiveQuestion)];

    /// <summary>A staff coordinator of the sample collective, and a member's question with its answer.</summary>
    private static async Task<List<(Type Type, Guid Id, string Marker)>> MakeCoordinationSamplesAsync(
        AppDbContext db, Func<string, string> marker, List<(Type Type, Guid Id, string Marker)> collectives, Guid userId)
    {
        var collectiveId = collectives.First(c => c.Type == typeof(Collective)).Id;
        var member = collectives.First(c => c.Type == typeof(CollectiveMember));
        var coordinator = new CollectiveStaffCoordinator { CollectiveId = collectiveId, UserId = userId, ShownPublicly = true };
        var question = new CollectiveQuestion { CollectiveId = collectiveId, MemberId = member.Id, Body = marker("question"), Answer = marker("answer"), Status = QuestionStatus.Published };
        db.AddRange(coordinator, question);
        await db.SaveChangesAsync();
        return
        [
            (typeof(CollectiveStaffCoordinator), coordinator.Id, member.Marker),
            (typeof(CollectiveQuestion), question.Id, question.Body),
        ];
    }
}
