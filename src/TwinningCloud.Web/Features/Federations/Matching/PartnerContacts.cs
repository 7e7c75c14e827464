using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Matching;

/// <summary>One contact as a town's staff see it, with the other side's address only once it was answered.</summary>
public sealed record ContactView(PartnerContact Contact, bool Sent, TenantInfo? Other, string? FederationName,
    string? SenderName, string? SenderEmail, string? AnswererName, string? AnswererEmail);

/// <summary>
/// Contacts between member towns, relayed by the platform. A town's staff write to a town listed in a federation's
/// directory that their town belongs to; each of the other town's admins gets the message by mail (one job per
/// recipient, in the other town's context: its suspension or the module switched off stops them), without the
/// sender's address. An admin of the other town answers (or declines) on the platform; the sender gets the answer by
/// mail and both then see each other's address. Every read names the current town (sender or recipient): another
/// town's contact is not found.
/// </summary>
public sealed class PartnerContacts(AppDbContext db, IServiceScopeFactory scopes, TenantCatalog catalog, TimeProvider clock)
{
    public const int ListSize = 50;

    public enum SendOutcome
    {
        Sent,
        TooMany,
    }

    public async Task<(SendOutcome Outcome, Guid? Id)> SendAsync(Federation federation, TenantInfo from, Guid fromUserId, TenantInfo to, string message, string language, CancellationToken ct)
    {
        var since = clock.GetUtcNow().AddDays(-1);
        if (await db.Set<PartnerContact>().CountAsync(c => c.FromTenantId == from.Id && c.CreatedAt > since, ct) >= PartnerContact.MaxPerDay)
        {
            return (SendOutcome.TooMany, null);
        }
        var contact = new PartnerContact
        {
            FederationId = federation.Id, FromTenantId = from.Id, FromUserId = fromUserId, ToTenantId = to.Id,
            Message = message.Trim(), Language = language, CreatedAt = clock.GetUtcNow(),
        };
        // Saved with its mail jobs in the recipient town's context: the jobs are that town's (one per admin).
        await scopes.RunInTenantAsync(to, async sp =>
        {
            var theirs = sp.GetRequiredService<AppDbContext>();
            var admins = await theirs.Set<TenantMembership>().Where(m => m.Role == Roles.TenantAdmin).Select(m => m.UserId).ToListAsync(ct);
            await using var transaction = await theirs.Database.BeginTransactionAsync(ct);
            theirs.Add(contact);
            await theirs.SaveChangesAsync(ct);
            await sp.GetRequiredService<JobQueue>().EnqueueAsync(admins.Select(a => PartnerContactMail.Request(contact.Id, a, PartnerContactMail.Received)).ToList(), ct);
            await transaction.CommitAsync(ct);
        });
        return (SendOutcome.Sent, contact.Id);
    }

    /// <summary>The current town's contacts, sent and received, newest first (<see cref="ListSize"/> of each).</summary>
    public async Task<List<ContactView>> OfTownAsync(TenantInfo town, CancellationToken ct)
    {
        var sent = await db.Set<PartnerContact>().AsNoTracking().Where(c => c.FromTenantId == town.Id).OrderByDescending(c => c.CreatedAt).Take(ListSize).ToListAsync(ct);
        var received = await db.Set<PartnerContact>().AsNoTracking().Where(c => c.ToTenantId == town.Id).OrderByDescending(c => c.CreatedAt).Take(ListSize).ToListAsync(ct);
        var views = new List<ContactView>();
        foreach (var contact in sent.Concat(received).DistinctBy(c => c.Id).OrderByDescending(c => c.CreatedAt))
        {
            views.Add(await ViewAsync(town, contact, ct));
        }
        return views;
    }

    /// <summary>A contact the current town sent or received; null for any other.</summary>
    public async Task<ContactView?> FindAsync(TenantInfo town, Guid id, CancellationToken ct) =>
        await db.Set<PartnerContact>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && (c.FromTenantId == town.Id || c.ToTenantId == town.Id), ct) is { } contact
            ? await ViewAsync(town, contact, ct)
            : null;

    /// <summary>An admin of the recipient town answers (or declines) an open contact; false when there is none to answer.</summary>
    public async Task<bool> AnswerAsync(TenantInfo town, Guid id, Guid userId, string? answer, CancellationToken ct)
    {
        var contact = await db.Set<PartnerContact>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.ToTenantId == town.Id && c.Status == ContactStatus.Open, ct);
        if (contact is null || await catalog.FindByIdAsync(contact.FromTenantId, ct) is not { } sender)
        {
            return false;
        }
        // Saved with the sender's mail job in the sender town's context (the job is that town's).
        return await scopes.RunInTenantAsync(sender, async sp =>
        {
            var theirs = sp.GetRequiredService<AppDbContext>();
            await using var transaction = await theirs.Database.BeginTransactionAsync(ct);
            var row = await theirs.Set<PartnerContact>().FirstAsync(c => c.Id == id, ct);
            if (row.Status != ContactStatus.Open)
            {
                return false;
            }
            row.Status = answer is null ? ContactStatus.Declined : ContactStatus.Answered;
            row.Answer = answer?.Trim();
            row.AnsweredByUserId = userId;
            row.AnsweredAt = clock.GetUtcNow();
            await theirs.SaveChangesAsync(ct);
            await sp.GetRequiredService<JobQueue>().EnqueueAsync(
                PartnerContactMail.Request(row.Id, row.FromUserId, answer is null ? PartnerContactMail.Declined : PartnerContactMail.Answered), ct);
            await transaction.CommitAsync(ct);
            return true;
        });
    }

    private async Task<ContactView> ViewAsync(TenantInfo town, PartnerContact contact, CancellationToken ct)
    {
        var sent = contact.FromTenantId == town.Id;
        var other = await catalog.FindByIdAsync(sent ? contact.ToTenantId : contact.FromTenantId, ct);
        var federation = await db.Set<Federation>().AsNoTracking().Where(f => f.Id == contact.FederationId).Select(f => f.Name).FirstOrDefaultAsync(ct);
        var ids = new[] { contact.FromUserId, contact.AnsweredByUserId ?? Guid.Empty };
        var people = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
        var sender = people.GetValueOrDefault(contact.FromUserId);
        var answerer = contact.AnsweredByUserId is { } a ? people.GetValueOrDefault(a) : null;
        // Addresses: each side sees its own; the other's only once the contact was answered.
        var revealed = contact.Status == ContactStatus.Answered;
        return new ContactView(contact, sent, other, federation,
            sender?.DisplayName, sent || revealed ? sender?.Email : null,
            answerer?.DisplayName, !sent || revealed ? answerer?.Email : null);
    }
}
