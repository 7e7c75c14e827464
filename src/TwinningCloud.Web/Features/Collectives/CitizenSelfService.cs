using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Email;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Collectives;

/// <summary>
/// "My collectives", without a password: a sign-in link by mail opens a session (a cookie holding a secret whose
/// hash is a <see cref="CitizenToken"/> of this town); the person is their address. Download my data, erase me.
/// </summary>
public sealed partial class CitizenSelfService(
    AppDbContext db, CitizenTokens tokens, JobQueue jobs, CollectiveMemberships memberships, AddressRateLimit addressLimit,
    TenantContext tenant, TimeProvider clock, ILogger<CitizenSelfService> logger, IEnumerable<ICitizenDataPart> parts)
{
    public const string CookieName = "tc.citizen";

    /// <summary>Mails a sign-in link when the address belongs to someone in this town; the same answer either way.</summary>
    public async Task RequestSignInAsync(string email, CancellationToken ct)
    {
        email = CollectiveMember.Normalize(email);
        var memberId = await db.Set<CollectiveMember>().Where(m => m.Email == email && m.Status != MemberStatus.Unconfirmed)
            .OrderBy(m => m.CreatedAt).Select(m => (Guid?)m.Id).FirstOrDefaultAsync(ct);
        if (memberId is null || !addressLimit.TryAcquire(tenant.Required.Id, email))
        {
            return;
        }
        await jobs.EnqueueAsync(CollectiveMail.Request(CollectiveMail.SignIn, memberId.Value), ct);
    }

    /// <summary>Follows a sign-in link (once): a new session's secret, or null.</summary>
    public async Task<string?> SignInAsync(string? secret, CancellationToken ct)
    {
        var token = await tokens.PeekAsync(secret, CitizenTokenPurpose.SignIn, ct);
        if (token is null || !await tokens.UseAsync(token.Id, ct))
        {
            return null;
        }
        var session = tokens.Issue(CitizenTokenPurpose.Session, token.Email);
        await db.SaveChangesAsync(ct);
        return session;
    }

    /// <summary>The address of the session's person, or null (no cookie, expired, another town's).</summary>
    public async Task<string?> EmailOfSessionAsync(string? secret, CancellationToken ct) =>
        (await tokens.PeekAsync(secret, CitizenTokenPurpose.Session, ct))?.Email;

    public async Task SignOutAsync(string? secret, CancellationToken ct)
    {
        if (await tokens.PeekAsync(secret, CitizenTokenPurpose.Session, ct) is { } token)
        {
            await db.Set<CitizenToken>().Where(t => t.Id == token.Id).ExecuteDeleteAsync(ct);
        }
    }

    public sealed record MyMembership(CollectiveMember Member, Collective Collective);

    public async Task<IReadOnlyList<MyMembership>> MembershipsAsync(string email, CancellationToken ct) =>
        (await (from m in db.Set<CollectiveMember>().AsNoTracking()
                join c in db.Set<Collective>().IncludingInternal().AsNoTracking() on m.CollectiveId equals c.Id
                where m.Email == email
                orderby c.Name
                select new { m, c }).Take(200).ToListAsync(ct))
        .Select(x => new MyMembership(x.m, x.c)).ToList();

    /// <summary>The member row of this person, or null (another person's id, another town's).</summary>
    public Task<CollectiveMember?> OwnAsync(string email, Guid memberId, CancellationToken ct) =>
        db.Set<CollectiveMember>().FirstOrDefaultAsync(m => m.Id == memberId && m.Email == email, ct);

    public async Task<bool> LeaveAsync(string email, Guid memberId, CancellationToken ct)
    {
        if (await OwnAsync(email, memberId, ct) is not { Status: not MemberStatus.Left } member)
        {
            return false;
        }
        await memberships.LeaveAsync(member.Id, MemberStatus.Left, ct);
        return true;
    }

    public async Task<bool> UpdateFieldsAsync(string email, Guid memberId, string? phone, string? neighbourhood, string? languages, string? help, CancellationToken ct)
    {
        if (await OwnAsync(email, memberId, ct) is not { } member)
        {
            return false;
        }
        var collective = await db.Set<Collective>().IncludingInternal().AsNoTracking().FirstAsync(c => c.Id == member.CollectiveId, ct);
        string? Keep(AskedFields f, string? v) => collective.AskedFields.HasFlag(f) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        member.Phone = Keep(AskedFields.Phone, phone);
        member.Neighbourhood = Keep(AskedFields.Neighbourhood, neighbourhood);
        member.LanguagesSpoken = Keep(AskedFields.Languages, languages);
        member.HowToHelp = Keep(AskedFields.HowToHelp, help);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Asks for a new address: a link mailed to it confirms the change (until then, nothing changes).</summary>
    public async Task RequestEmailChangeAsync(string email, string newEmail, CancellationToken ct)
    {
        newEmail = CollectiveMember.Normalize(newEmail);
        var rows = await db.Set<CollectiveMember>().Where(m => m.Email == email).ToListAsync(ct);
        if (rows.Count == 0 || newEmail == email || !addressLimit.TryAcquire(tenant.Required.Id, newEmail))
        {
            return;
        }
        foreach (var row in rows)
        {
            row.PendingEmail = newEmail;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await jobs.EnqueueAsync(CollectiveMail.Request(CollectiveMail.ChangeEmail, rows[0].Id), ct);
        await transaction.CommitAsync(ct);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a file to read: "Léonie", not "L\u00E9onie"
    };

    /// <summary>Everything about this person in this town, with the consent texts they accepted.</summary>
    public async Task<byte[]> ExportAsync(string email, CancellationToken ct)
    {
        var memberships = await MembershipsAsync(email, ct);
        var ids = memberships.Select(m => m.Member.Id).ToList();
        var deliveries = await (from d in db.Set<AnnouncementDelivery>().AsNoTracking()
                                join a in db.Set<Announcement>().AsNoTracking() on d.AnnouncementId equals a.Id
                                where ids.Contains(d.MemberId)
                                orderby a.CreatedAt
                                select new { d.MemberId, a.Subject, State = d.State.ToString(), d.SentAt }).Take(5000).ToListAsync(ct);
        var more = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            more[part.Name] = await part.ExportAsync(ids, ct);
        }
        var export = new
        {
            town = tenant.Required.DisplayName,
            exportedAt = clock.GetUtcNow(),
            email,
            memberships = memberships.Select(m => new
            {
                collective = m.Collective.Name,
                collectiveId = m.Collective.Id,
                status = m.Member.Status.ToString(),
                name = m.Member.Name,
                association = m.Member.AssociationName,
                phone = m.Member.Phone,
                neighbourhood = m.Member.Neighbourhood,
                languagesSpoken = m.Member.LanguagesSpoken,
                howToHelp = m.Member.HowToHelp,
                language = m.Member.Language,
                coordinator = m.Member.IsCoordinator,
                unsubscribed = m.Member.Unsubscribed,
                signedUpAt = m.Member.CreatedAt,
                confirmedAt = m.Member.ConfirmedAt,
                consent = new { text = m.Member.ConsentText, version = m.Member.ConsentVersion, acceptedAt = m.Member.ConsentedAt },
                announcements = deliveries.Where(d => d.MemberId == m.Member.Id).Select(d => new { d.Subject, d.State, d.SentAt }),
            }),
            activity = more,
        };
        return JsonSerializer.SerializeToUtf8Bytes(export, Json);
    }

    /// <summary>
    /// Erases everything personal about this person in this town: their memberships (a place they held goes to the
    /// waiting list), their links and sessions, the mails about them still queued in the outbox. The erasure is
    /// recorded with counts only.
    /// </summary>
    public async Task EraseAsync(string email, CancellationToken ct)
    {
        var held = await db.Set<CollectiveMember>().Where(m => m.Email == email && m.Status == MemberStatus.Member).Select(m => m.Id).ToListAsync(ct);
        foreach (var id in held)
        {
            await memberships.LeaveAsync(id, MemberStatus.Left, ct);
        }
        int members, other;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var ids = await db.Set<CollectiveMember>().Where(m => m.Email == email || m.PendingEmail == email).Select(m => m.Id).ToListAsync(ct);
            other = await db.Set<CitizenToken>().Where(t => t.Email == email || t.OldEmail == email || (t.MemberId != null && ids.Contains(t.MemberId.Value))).ExecuteDeleteAsync(ct);
            other += await db.Set<AnnouncementDelivery>().Where(d => ids.Contains(d.MemberId)).ExecuteDeleteAsync(ct);
            foreach (var part in parts)
            {
                other += await part.EraseAsync(ids, ct);
            }
            // The outbox (embedded default) keeps mails as sent: those to this person go too.
            other += await db.Set<OutboxEmail>().Where(o => o.To.Contains(email)).ExecuteDeleteAsync(ct);
            members = await db.Set<CollectiveMember>().Where(m => ids.Contains(m.Id)).ExecuteDeleteAsync(ct);
            db.Add(new CitizenErasure { ErasedAt = clock.GetUtcNow(), Memberships = members, OtherRows = other });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        LogErased(tenant.Required.Id, members, other);
    }

    [LoggerMessage(EventId = 7210, Level = LogLevel.Information, Message = "A citizen's data was erased in tenant {TenantId}: {Memberships} membership(s), {Other} other row(s)")]
    private partial void LogErased(Guid tenantId, int memberships, int other);
}
