using System.Threading.RateLimiting;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Collectives;

/// <summary>What a person typed in a sign-up form (already checked by the page).</summary>
public sealed record SignUpInput(
    string Name, string Email, string? AssociationName, string? Phone, string? Neighbourhood, string? LanguagesSpoken, string? HowToHelp,
    string Language, string ConsentText, string ConsentVersion);

/// <summary>
/// Membership of collectives: sign-up (double opt-in), confirmation, places and the waiting list, leaving,
/// approving and refusing. Every change of who holds a place runs in a transaction that first takes the
/// collective row's lock (an update of <see cref="Collective.PlacesVersion"/>: a row lock on PostgreSQL, the
/// write lock on SQLite), so places are counted and handed out one at a time: 200 confirmations at once to a
/// collective of 50 places make exactly 50 members and 150 waiting. The row lock holds across instances; within one,
/// waiters queue first in memory (<see cref="CollectiveGates"/>) instead of each holding a pooled connection.
/// </summary>
public sealed partial class CollectiveMemberships(
    AppDbContext db, JobQueue jobs, CitizenTokens tokens, TimeProvider clock, AddressRateLimit addressLimit, TenantContext tenant, CollectiveGates gates,
    ILogger<CollectiveMemberships> logger)
{
    /// <summary>
    /// Signs up (or signs up again): the same answer whatever happened, and the mail says what is true — a
    /// confirmation link for a new or unconfirmed sign-up, a notice for someone already in. At most a few mails
    /// per address and hour (<see cref="AddressRateLimit"/>); beyond, nothing is sent and the answer is the same.
    /// </summary>
    public async Task SignUpAsync(Collective collective, SignUpInput input, CancellationToken ct)
    {
        var email = CollectiveMember.Normalize(input.Email);
        if (collective.SignUpMode == SignUpMode.Closed || collective.IsArchived)
        {
            return;
        }
        if (!addressLimit.TryAcquire(tenant.Required.Id, email))
        {
            LogAddressLimited(collective.Id);
            return;
        }
        var now = clock.GetUtcNow();
        for (var attempt = 0; ; attempt++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var member = await db.Set<CollectiveMember>().FirstOrDefaultAsync(m => m.CollectiveId == collective.Id && m.Email == email, ct);
            string mail;
            if (member is null || member.Status is MemberStatus.Unconfirmed or MemberStatus.Left or MemberStatus.Refused)
            {
                if (member is null)
                {
                    member = new CollectiveMember { CollectiveId = collective.Id, Email = email, Name = input.Name, ConsentText = input.ConsentText, ConsentVersion = input.ConsentVersion };
                    db.Add(member);
                }
                member.Name = input.Name;
                member.AssociationName = input.AssociationName;
                member.Phone = Asked(collective, AskedFields.Phone, input.Phone);
                member.Neighbourhood = Asked(collective, AskedFields.Neighbourhood, input.Neighbourhood);
                member.LanguagesSpoken = Asked(collective, AskedFields.Languages, input.LanguagesSpoken);
                member.HowToHelp = Asked(collective, AskedFields.HowToHelp, input.HowToHelp);
                member.Language = input.Language;
                member.ConsentText = input.ConsentText;
                member.ConsentVersion = input.ConsentVersion;
                member.ConsentedAt = now;
                if (member.Status != MemberStatus.Unconfirmed)
                {
                    member.Status = MemberStatus.Unconfirmed;
                    member.StatusSince = now;
                }
                mail = CollectiveMail.Confirm;
            }
            else
            {
                mail = CollectiveMail.AlreadyIn;
            }
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // The same address signed up at the same moment: start again and find that row.
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                continue;
            }
            await jobs.EnqueueAsync(CollectiveMail.Request(mail, member.Id), ct);
            await transaction.CommitAsync(ct);
            return;
        }
    }

    private static string? Asked(Collective c, AskedFields field, string? value) =>
        c.AskedFields.HasFlag(field) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>What became of a confirmation.</summary>
    public enum ConfirmOutcome
    {
        Invalid,
        Member,
        Waiting,
        Requested,
        EmailChanged,
    }

    /// <summary>Follows a confirmation link (sign-up or new address); the link works once.</summary>
    public async Task<ConfirmOutcome> ConfirmAsync(string? secret, CancellationToken ct)
    {
        var token = await tokens.PeekAsync(secret, CitizenTokenPurpose.Confirm, ct)
            ?? await tokens.PeekAsync(secret, CitizenTokenPurpose.ChangeEmail, ct);
        if (token is null)
        {
            return ConfirmOutcome.Invalid;
        }
        if (token.Purpose == CitizenTokenPurpose.ChangeEmail)
        {
            return await ChangeEmailAsync(token, ct) ? ConfirmOutcome.EmailChanged : ConfirmOutcome.Invalid;
        }
        var collectiveId = await db.Set<CollectiveMember>().Where(m => m.Id == token.MemberId).Select(m => (Guid?)m.CollectiveId).FirstOrDefaultAsync(ct);
        if (collectiveId is null)
        {
            return ConfirmOutcome.Invalid;
        }
        return await InLockAsync(collectiveId.Value, async collective =>
        {
            if (!await tokens.UseAsync(token.Id, ct))
            {
                return ConfirmOutcome.Invalid;
            }
            var member = await db.Set<CollectiveMember>().FirstAsync(m => m.Id == token.MemberId, ct);
            if (member.Status != MemberStatus.Unconfirmed)
            {
                return Outcome(member.Status);
            }
            member.ConfirmedAt = clock.GetUtcNow();
            if (collective.SignUpMode == SignUpMode.OnRequest)
            {
                SetStatus(member, MemberStatus.Requested);
            }
            else
            {
                await PlaceAsync(collective, member, ct);
            }
            await db.SaveChangesAsync(ct);
            return Outcome(member.Status);
        }, ct);
    }

    private static ConfirmOutcome Outcome(MemberStatus status) => status switch
    {
        MemberStatus.Member => ConfirmOutcome.Member,
        MemberStatus.Waiting => ConfirmOutcome.Waiting,
        MemberStatus.Requested => ConfirmOutcome.Requested,
        _ => ConfirmOutcome.Invalid,
    };

    /// <summary>A member when there is a place, else on the waiting list (inside the collective's lock).</summary>
    private async Task PlaceAsync(Collective collective, CollectiveMember member, CancellationToken ct)
    {
        if (collective.Capacity is { } capacity
            && await db.Set<CollectiveMember>().CountAsync(m => m.CollectiveId == collective.Id && m.Status == MemberStatus.Member && m.Id != member.Id, ct) >= capacity)
        {
            SetStatus(member, MemberStatus.Waiting);
        }
        else
        {
            SetStatus(member, MemberStatus.Member);
        }
    }

    private void SetStatus(CollectiveMember member, MemberStatus status)
    {
        member.Status = status;
        member.StatusSince = clock.GetUtcNow();
    }

    /// <summary>Leaves (or is removed, or erased): the place goes to the first on the waiting list, who is told by mail.</summary>
    public Task LeaveAsync(Guid memberId, MemberStatus newStatus, CancellationToken ct) =>
        MemberInLockAsync(memberId, async (collective, member) =>
        {
            var held = member.Status == MemberStatus.Member;
            SetStatus(member, newStatus);
            member.IsCoordinator = false;
            member.ShownAsCoordinator = false;
            await db.SaveChangesAsync(ct);
            if (held)
            {
                await MoveUpAsync(collective, ct);
            }
            return true;
        }, ct);

    /// <summary>A coordinator's answer to a request: approved (a member, or waiting for a place) or refused.</summary>
    public Task<bool> DecideAsync(Guid memberId, bool approve, CancellationToken ct) =>
        MemberInLockAsync(memberId, async (collective, member) =>
        {
            if (member.Status != MemberStatus.Requested)
            {
                return false;
            }
            if (approve)
            {
                await PlaceAsync(collective, member, ct);
            }
            else
            {
                SetStatus(member, MemberStatus.Refused);
            }
            await db.SaveChangesAsync(ct);
            await jobs.EnqueueAsync(CollectiveMail.Request(approve ? CollectiveMail.Approved : CollectiveMail.Refused, member.Id), ct);
            return true;
        }, ct);

    /// <summary>Fills free places from the waiting list, first come first served, and tells each one (inside the lock).</summary>
    private async Task MoveUpAsync(Collective collective, CancellationToken ct)
    {
        var members = await db.Set<CollectiveMember>().CountAsync(m => m.CollectiveId == collective.Id && m.Status == MemberStatus.Member, ct);
        var free = collective.Capacity is { } capacity ? capacity - members : int.MaxValue;
        if (free <= 0)
        {
            return;
        }
        var next = await db.Set<CollectiveMember>()
            .Where(m => m.CollectiveId == collective.Id && m.Status == MemberStatus.Waiting)
            .OrderBy(m => m.StatusSince).ThenBy(m => m.Id).Take(Math.Min(free, 100)).ToListAsync(ct);
        foreach (var member in next)
        {
            SetStatus(member, MemberStatus.Member);
        }
        await db.SaveChangesAsync(ct);
        if (next.Count > 0)
        {
            await jobs.EnqueueAsync(next.Select(m => CollectiveMail.Request(CollectiveMail.MovedUp, m.Id)).ToList(), ct);
        }
    }

    private async Task<bool> MemberInLockAsync(Guid memberId, Func<Collective, CollectiveMember, Task<bool>> work, CancellationToken ct)
    {
        var collectiveId = await db.Set<CollectiveMember>().Where(m => m.Id == memberId).Select(m => (Guid?)m.CollectiveId).FirstOrDefaultAsync(ct);
        if (collectiveId is null)
        {
            return false;
        }
        return await InLockAsync(collectiveId.Value, async collective =>
        {
            var member = await db.Set<CollectiveMember>().FirstOrDefaultAsync(m => m.Id == memberId, ct);
            return member is not null && await work(collective, member);
        }, ct);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction that holds the collective's lock: the first statement updates the
    /// collective's row (PostgreSQL keeps that row locked until the commit; SQLite takes its one write lock), so two
    /// confirmations of the same collective never count its places at the same time.
    /// </summary>
    private async Task<T> InLockAsync<T>(Guid collectiveId, Func<Collective, Task<T>> work, CancellationToken ct)
    {
        // Waiters of this instance queue here, without a database connection, so that a crowd confirming at once
        // does not hold the connection pool while the row lock hands places out one at a time.
        using var turn = await gates.EnterAsync(collectiveId, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var locked = await db.Set<Collective>().IncludingInternal().Where(c => c.Id == collectiveId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.PlacesVersion, c => c.PlacesVersion + 1), ct);
        if (locked == 0)
        {
            throw new InvalidOperationException("The collective is gone.");
        }
        var collective = await db.Set<Collective>().IncludingInternal().AsNoTracking().FirstAsync(c => c.Id == collectiveId, ct);
        var result = await work(collective);
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>Moves every row of the old address to the new one (a row of the new address in the same collective wins).</summary>
    private async Task<bool> ChangeEmailAsync(CitizenToken token, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await tokens.UseAsync(token.Id, ct) || token.OldEmail is null)
        {
            return false;
        }
        var rows = await db.Set<CollectiveMember>().Where(m => m.Email == token.OldEmail).ToListAsync(ct);
        var taken = (await db.Set<CollectiveMember>().Where(m => m.Email == token.Email).Select(m => m.CollectiveId).ToListAsync(ct)).ToHashSet();
        foreach (var row in rows)
        {
            row.PendingEmail = null;
            if (taken.Contains(row.CollectiveId))
            {
                db.Remove(row);
            }
            else
            {
                row.Email = token.Email;
            }
        }
        await db.Set<CitizenToken>().Where(t => t.Purpose == CitizenTokenPurpose.Session && t.Email == token.OldEmail).ExecuteDeleteAsync(ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    [LoggerMessage(EventId = 7201, Level = LogLevel.Warning, Message = "Sign-up to collective {CollectiveId}: too many mails for one address; nothing sent")]
    private partial void LogAddressLimited(Guid collectiveId);
}

/// <summary>At most a few sign-up and sign-in mails per address and town in an hour (this instance's count).</summary>
public sealed class AddressRateLimit(IConfiguration configuration) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = configuration.GetValue("Collectives:MailsPerAddressPerHour", 5),
            Window = TimeSpan.FromHours(1),
            QueueLimit = 0,
        }));

    public bool TryAcquire(Guid tenantId, string email)
    {
        using var lease = _limiter.AttemptAcquire($"{tenantId:N}|{email}");
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
