using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Web.Features.Collectives;
using TwinningCloud.Web.Features.Collectives.Questions;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Infrastructure;

public sealed partial class TestData
{
    /// <summary>Signs a citizen in to "My collectives" from the real sign-in mail: the client then holds the session cookie.</summary>
    public static async Task CitizenSignInAsync(HttpClient client, string town, string email)
    {
        var asked = await client.SubmitFormAsync($"/{town}/collectives/mine", new Dictionary<string, string?> { ["email"] = email });
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var mail = await MailDev.WaitForAsync(email, m => m.Subject.Contains("connexion", StringComparison.Ordinal) || m.Subject.Contains("sign-in", StringComparison.Ordinal));
        var signedIn = await client.SubmitFormAsync(new Uri(MailDev.LinkIn(mail)).PathAndQuery, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    /// <summary>A confirmed member who coordinates the collective (as an accepted invitation leaves them).</summary>
    public async Task<CollectiveMember> AddCoordinatorMemberAsync(TenantInfo tenant, Guid collectiveId, string email, string name, bool shown = false)
    {
        var member = await AddCollectiveMemberAsync(tenant, collectiveId, email, name);
        return await InTenantAsync(tenant, async db =>
        {
            var m = (await db.Set<CollectiveMember>().FindAsync(tenant.Id, member.Id))!;
            m.IsCoordinator = true;
            m.ShownAsCoordinator = shown;
            await db.SaveChangesAsync();
            return m;
        });
    }

    public Task<CollectiveQuestion> AddQuestionAsync(TenantInfo tenant, CollectiveMember author, string body, QuestionStatus status = QuestionStatus.Pending, string? answer = null) =>
        InTenantAsync(tenant, async db =>
        {
            var q = new CollectiveQuestion { CollectiveId = author.CollectiveId, MemberId = author.Id, Body = body, Status = status, Answer = answer, AnsweredAt = answer is null ? null : DateTimeOffset.UtcNow };
            db.Add(q);
            await db.SaveChangesAsync();
            return q;
        });

    /// <summary>A coordinator invitation link's path for a member, as the invitation mail would carry it.</summary>
    public Task<string> IssueInvitationPathAsync(TenantInfo tenant, Guid memberId, string email) =>
        services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(tenant, async sp =>
        {
            var secret = sp.GetRequiredService<CitizenTokens>().Issue(CitizenTokenPurpose.Invitation, email, memberId);
            await sp.GetRequiredService<TwinningCloud.Web.Platform.Persistence.AppDbContext>().SaveChangesAsync();
            return $"/{tenant.Slug}/collectives/coordinate/accept?t={secret}";
        });
}
