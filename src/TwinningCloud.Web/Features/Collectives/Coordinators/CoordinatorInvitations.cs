using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Email;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Collectives.Coordinators;

/// <summary>
/// A member becomes a coordinator by invitation: staff invite (a mail with a link, single use, 7 days, bound to the
/// town); the member follows it, says whether their name may be shown publicly, and accepts: they are coordinator
/// and signed in to "My collectives", whose coordinator area lists their collectives.
/// </summary>
public sealed class CoordinatorInvitations(AppDbContext db, JobQueue jobs, CitizenTokens tokens)
{
    /// <summary>Queues the invitation mail for a confirmed member who is not a coordinator yet; false otherwise.</summary>
    public async Task<bool> InviteAsync(Guid collectiveId, Guid memberId, CancellationToken ct)
    {
        var member = await db.Set<CollectiveMember>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId && m.CollectiveId == collectiveId, ct);
        if (member is not { Status: MemberStatus.Member, IsCoordinator: false })
        {
            return false;
        }
        await jobs.EnqueueAsync(CoordinatorMail.Request(memberId), ct);
        return true;
    }

    /// <summary>Takes the coordinator role back (and any invitation still open); the name leaves the public page.</summary>
    public async Task<bool> RevokeAsync(Guid collectiveId, Guid memberId, CancellationToken ct)
    {
        if (await db.Set<CollectiveMember>().FirstOrDefaultAsync(m => m.Id == memberId && m.CollectiveId == collectiveId, ct) is not { } member)
        {
            return false;
        }
        member.IsCoordinator = false;
        member.ShownAsCoordinator = false;
        await db.SaveChangesAsync(ct);
        await db.Set<CitizenToken>().Where(t => t.MemberId == memberId && t.Purpose == CitizenTokenPurpose.Invitation).ExecuteDeleteAsync(ct);
        return true;
    }

    /// <summary>The member an open invitation is for (null: used, expired, another town's, or the member moved on).</summary>
    public async Task<CollectiveMember?> PeekAsync(string? secret, CancellationToken ct) =>
        await tokens.PeekAsync(secret, CitizenTokenPurpose.Invitation, ct) is { MemberId: { } memberId } token
            ? await db.Set<CollectiveMember>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId && m.Email == token.Email && m.Status == MemberStatus.Member, ct)
            : null;

    /// <summary>Accepts an invitation (once): the member is coordinator, named publicly only if <paramref name="shown"/>; returns a new session's secret, or null.</summary>
    public async Task<string?> AcceptAsync(string? secret, bool shown, CancellationToken ct)
    {
        var token = await tokens.PeekAsync(secret, CitizenTokenPurpose.Invitation, ct);
        if (token?.MemberId is not { } memberId
            || await db.Set<CollectiveMember>().FirstOrDefaultAsync(m => m.Id == memberId && m.Email == token.Email && m.Status == MemberStatus.Member, ct) is not { } member
            || !await tokens.UseAsync(token.Id, ct))
        {
            return null;
        }
        member.IsCoordinator = true;
        member.ShownAsCoordinator = shown;
        var session = tokens.Issue(CitizenTokenPurpose.Session, member.Email);
        await db.SaveChangesAsync(ct);
        return session;
    }

    /// <summary>A coordinator changes whether their name shows on the collective's public page.</summary>
    public async Task<bool> SetShownAsync(string email, Guid collectiveId, bool shown, CancellationToken ct)
    {
        if (await db.Set<CollectiveMember>().FirstOrDefaultAsync(m => m.CollectiveId == collectiveId && m.Email == email && m.IsCoordinator && m.Status == MemberStatus.Member, ct) is not { } member)
        {
            return false;
        }
        member.ShownAsCoordinator = shown;
        await db.SaveChangesAsync(ct);
        return true;
    }
}

/// <summary>
/// Job <c>collectives.coordinator-invite</c>: the invitation mail, in the member's language. The payload holds the
/// member's id; the link's secret is made when the mail is sent. A member gone, no longer a member or already a
/// coordinator, or a town without the module: nothing is sent.
/// </summary>
public sealed class CoordinatorMail(MemberMail mail, PublicOrigin origin, CitizenTokens tokens) : IJobHandler
{
    public const string Kind = "collectives.coordinator-invite";

    public sealed record Payload(Guid MemberId);

    public static JobRequest Request(Guid memberId) =>
        new(Kind, new Payload(memberId)) { Label = "Collectives: coordinator invitation", MaxAttempts = 5 };

    public Task RunAsync(JobContext job, CancellationToken ct) =>
        mail.SendAsync(job, job.Read<Payload>().MemberId, "coordinator-invite", (tenant, member, _) =>
            member is { Status: MemberStatus.Member, IsCoordinator: false }
                ? origin.Link(tenant, "/collectives/coordinate/accept?t=" + tokens.Issue(CitizenTokenPurpose.Invitation, member.Email, member.Id))
                : null, ct);
}

/// <summary>
/// One mail to one member of a collective, in their language, from a job (ids only in its payload): the texts
/// <c>collectives.mail.{mail}.*</c> around a link. Nothing is sent for a member gone (erased, purged), a collective
/// gone, a town without the module, or when <c>link</c> answers null (the mail is no longer due).
/// </summary>
public sealed class MemberMail(AppDbContext db, TenantContext tenantContext, IEmailSender sender, CollectiveMail mails)
{
    public async Task SendAsync(JobContext job, Guid memberId, string mail, Func<TenantInfo, CollectiveMember, Collective, string?> link, CancellationToken ct)
    {
        var tenant = tenantContext.Required;
        if (!tenant.HasModule(ModuleKeys.Collectives)
            || await db.Set<CollectiveMember>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId, ct) is not { } member
            || await db.Set<Collective>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == member.CollectiveId, ct) is not { } collective
            || link(tenant, member, collective) is not { } url)
        {
            return;
        }
        await db.SaveChangesAsync(ct); // a link's token, when it made one
        var message = mails.Compose(tenant, member.Language, collective, mail, member.Email, url);
        try
        {
            await sender.SendAsync(message with { MessageId = $"collectives-{mail}-{member.Id:N}-{job.Id}@twinningcloud" }, ct);
        }
        catch (PermanentEmailException e)
        {
            throw new PermanentJobException(e.Message, e);
        }
    }
}
