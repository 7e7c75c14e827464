using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.NetworkMemberships;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Reminders;

/// <summary>An item with a date that reminders announce.</summary>
public sealed record RemindedItem(ReminderSubject Subject, Guid Id, string Title, DateOnly Date, Guid? ResponsibleUserId);

/// <summary>What one sweep did.</summary>
public sealed record SweepResult(DateOnly Today, int Planned, int Cancelled, int JobsEnqueued);

/// <summary>
/// The daily sweep of one tenant (job <c>reminders.sweep</c>, fired at the tenant's local hour). For each
/// rule, an item is due for offset <i>d</i> when its date is <i>d</i> days away or less and not yet past;
/// only the nearest offset counts (an item dated in 5 days gets its 7-day reminder, not the 90- and
/// 30-day ones as well). Each (item, date, offset) becomes one <see cref="ReminderDelivery"/> — planned
/// once, by a unique index — and its mail job is enqueued in the same transaction. The cost follows the
/// items inside the reminder window (an index on the date), not the size of the register.
/// </summary>
public sealed class ReminderSweep(AppDbContext db, TenantContext tenantContext, JobQueue queue, ReminderRules rules, TimeProvider clock, TwinningCloud.Web.Platform.Observability.TwinningMetrics metrics) : IJobHandler
{
    public const string Kind = "reminders.sweep";

    public async Task RunAsync(JobContext job, CancellationToken ct) => await SweepAsync(ct);

    public async Task<SweepResult> SweepAsync(CancellationToken ct = default)
    {
        var tenant = tenantContext.Required;
        var today = TodayIn(tenant, clock.GetUtcNow());
        if (!tenant.HasModule(ModuleKeys.Reminders))
        {
            return new SweepResult(today, 0, 0, 0);
        }
        var deliveries = new List<ReminderDelivery>();
        foreach (var rule in (await rules.ForTenantAsync(ct)).Where(r => r.Enabled && r.OffsetDays.Count > 0))
        {
            var maxOffset = rule.OffsetDays.Max();
            var window = await RemindableAsync(db, rule.Subject, today, today.AddDays(maxOffset), ids: null, ct);
            if (window.Count == 0)
            {
                continue;
            }
            var planned = await db.Set<ReminderDelivery>()
                .Where(d => d.Subject == rule.Subject && d.DueOn >= today && d.DueOn <= today.AddDays(maxOffset))
                .Select(d => new { d.ItemId, d.DueOn, d.OffsetDays })
                .ToListAsync(ct);
            var known = planned.Select(p => (p.ItemId, p.DueOn, p.OffsetDays)).ToHashSet();
            var recipients = await rules.RecipientsAsync(rule, window, ct);
            foreach (var item in window)
            {
                var daysLeft = item.Date.DayNumber - today.DayNumber;
                var offset = rule.OffsetDays.Where(d => d >= daysLeft).Min();
                if (known.Contains((item.Id, item.Date, offset)))
                {
                    continue;
                }
                var to = recipients(item);
                deliveries.Add(new ReminderDelivery
                {
                    Subject = rule.Subject,
                    ItemId = item.Id,
                    DueOn = item.Date,
                    OffsetDays = offset,
                    PlannedOn = today,
                    ItemTitle = item.Title.Length > 300 ? item.Title[..300] : item.Title,
                    Mode = rule.Mode,
                    Recipients = to,
                    State = to.Count == 0 ? ReminderDeliveryState.Cancelled : ReminderDeliveryState.Planned,
                    CancelReason = to.Count == 0 ? ReminderMail.NoRecipient : null,
                    CreatedAt = clock.GetUtcNow(),
                });
            }
        }
        if (deliveries.Count == 0)
        {
            return new SweepResult(today, 0, 0, 0);
        }
        var toMail = deliveries.Where(d => d.State == ReminderDeliveryState.Planned).ToList();
        var rows = RecipientRows(toMail);
        var jobs = JobsFor(tenant, today, toMail, rows);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.AddRange(deliveries);
        db.AddRange(rows);
        await db.SaveChangesAsync(ct);
        var enqueued = await queue.EnqueueAsync(jobs, ct);
        await transaction.CommitAsync(ct);
        var cancelled = deliveries.Count(d => d.State == ReminderDeliveryState.Cancelled);
        metrics.RemindersPlanned(deliveries.Count - cancelled, tenant.Slug);
        return new SweepResult(today, deliveries.Count - cancelled, cancelled, enqueued);
    }

    public static DateOnly TodayIn(TenantInfo tenant, DateTimeOffset now) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, tenant.TimeZone).DateTime);

    /// <summary>Recipients' mails a batch job sends at most (one SMTP connection per batch).</summary>
    public const int BatchSize = 100;

    /// <summary>One row per recipient of each reminder: each recipient gets a mail of their own.</summary>
    public static List<ReminderRecipientDelivery> RecipientRows(IEnumerable<ReminderDelivery> deliveries) =>
        deliveries.SelectMany(d => d.Recipients.Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(email => new ReminderRecipientDelivery { DeliveryId = d.Id, Email = email })).ToList();

    /// <summary>
    /// The mail jobs: batches of up to <see cref="BatchSize"/> recipients' rows. An immediate reminder's row is a
    /// mail of its own; a digest's rows of one recipient make one mail, so they stay in one batch.
    /// </summary>
    public static List<JobRequest> JobsFor(TenantInfo tenant, DateOnly today, List<ReminderDelivery> deliveries, List<ReminderRecipientDelivery> rows)
    {
        var byId = deliveries.ToDictionary(d => d.Id);
        var units = rows.Where(r => byId[r.DeliveryId].Mode == ReminderMode.Immediate)
            .OrderBy(r => byId[r.DeliveryId].DueOn).ThenBy(r => r.DeliveryId).ThenBy(r => r.Email, StringComparer.OrdinalIgnoreCase)
            .Select(r => new List<ReminderRecipientDelivery> { r })
            .Concat(rows.Where(r => byId[r.DeliveryId].Mode == ReminderMode.DailyDigest)
                .GroupBy(r => r.Email, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
                .Select(g => g.ToList()))
            .ToList();
        var batches = new List<List<ReminderRecipientDelivery>>();
        foreach (var unit in units)
        {
            if (batches.Count == 0 || batches[^1].Count + unit.Count > BatchSize)
            {
                batches.Add([]);
            }
            batches[^1].AddRange(unit);
        }
        var jobs = new List<JobRequest>();
        foreach (var batch in batches)
        {
            var key = $"reminder-mail/{tenant.Id:N}/{today:yyyy-MM-dd}/{batch[0].Id:N}";
            batch.ForEach(r => r.JobKey = key);
            var titles = batch.Select(r => byId[r.DeliveryId]).Distinct().ToList();
            jobs.Add(new JobRequest(ReminderMail.Kind, new ReminderMail.Payload([], batch.Select(r => r.Id).ToList()))
            {
                IdempotencyKey = key,
                Label = $"{today:yyyy-MM-dd} · {batch.Count} × {string.Join(", ", titles.Take(3).Select(d => $"{d.ItemTitle} ({d.DueOn:yyyy-MM-dd}, J-{d.OffsetDays})"))}",
            });
        }
        var firstKey = new Dictionary<Guid, string?>();
        foreach (var r in batches.SelectMany(b => b))
        {
            firstKey.TryAdd(r.DeliveryId, r.JobKey);
        }
        foreach (var d in deliveries)
        {
            d.JobKey = firstKey.GetValueOrDefault(d.Id);
        }
        return jobs;
    }

    /// <summary>
    /// The items of <paramref name="subject"/> that can be reminded (dated; agreements neither ended nor drafts),
    /// narrowed to a date window (the sweep, served by the date index) or to given ids (the mail job's check).
    /// </summary>
    public static async Task<List<RemindedItem>> RemindableAsync(
        AppDbContext db, ReminderSubject subject, DateOnly? from, DateOnly? to, IReadOnlyCollection<Guid>? ids, CancellationToken ct)
    {
        switch (subject)
        {
            case ReminderSubject.AgreementReview:
                var agreements = db.Set<Agreement>().Where(a => a.NextReviewOn != null && (a.Status == AgreementStatus.Active || a.Status == AgreementStatus.Suspended));
                agreements = from is { } af ? agreements.Where(a => a.NextReviewOn >= af) : agreements;
                agreements = to is { } at ? agreements.Where(a => a.NextReviewOn <= at) : agreements;
                agreements = ids is not null ? agreements.Where(a => ids.Contains(a.Id)) : agreements;
                return await agreements
                    .Select(a => new RemindedItem(ReminderSubject.AgreementReview, a.Id, a.Title, a.NextReviewOn!.Value, a.ResponsibleUserId))
                    .ToListAsync(ct);
            case ReminderSubject.MembershipRenewal:
                var memberships = db.Set<NetworkMembership>().Where(m => m.RenewalOn != null);
                memberships = from is { } mf ? memberships.Where(m => m.RenewalOn >= mf) : memberships;
                memberships = to is { } mt ? memberships.Where(m => m.RenewalOn <= mt) : memberships;
                memberships = ids is not null ? memberships.Where(m => ids.Contains(m.Id)) : memberships;
                return await memberships
                    .Select(m => new RemindedItem(ReminderSubject.MembershipRenewal, m.Id, m.Network!.Acronym + " — " + m.Network.Name, m.RenewalOn!.Value, null))
                    .ToListAsync(ct);
            default:
                return [];
        }
    }
}

/// <summary>A tenant's reminder rules (defaults when none is saved) and who receives them.</summary>
public sealed class ReminderRules(AppDbContext db)
{
    public async Task<List<ReminderRule>> ForTenantAsync(CancellationToken ct = default)
    {
        var saved = await db.Set<ReminderRule>().ToListAsync(ct);
        foreach (var subject in Enum.GetValues<ReminderSubject>().Where(s => saved.All(r => r.Subject != s)))
        {
            saved.Add(new ReminderRule { Subject = subject });
        }
        return [.. saved.OrderBy(r => r.Subject)];
    }

    public async Task<ReminderSettings> SettingsAsync(CancellationToken ct = default) =>
        await db.Set<ReminderSettings>().FirstOrDefaultAsync(ct) ?? new ReminderSettings();

    /// <summary>
    /// Who receives reminders of <paramref name="rule"/>: the tenant's staff in its roles, its chosen people
    /// and (agreements) the person responsible — only people who are still staff of this tenant and
    /// have confirmed their address (accepted their invitation).
    /// </summary>
    public async Task<Func<RemindedItem, List<string>>> RecipientsAsync(ReminderRule rule, IReadOnlyCollection<RemindedItem> items, CancellationToken ct = default)
    {
        var staff = await db.Set<TenantMembership>()
            .Where(m => m.User!.Email != null && m.User.EmailConfirmed) // invited people who have not accepted yet receive nothing
            .Select(m => new { m.UserId, m.Role, Email = m.User!.Email! })
            .ToListAsync(ct);
        var byUser = staff.GroupBy(s => s.UserId).ToDictionary(g => g.Key, g => g.First().Email);
        var common = staff.Where(s => rule.RecipientRoles.Contains(s.Role) || rule.RecipientUserIds.Contains(s.UserId))
            .Select(s => s.Email).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return item =>
        {
            var to = new HashSet<string>(common, StringComparer.OrdinalIgnoreCase);
            if (rule.IncludeResponsible && item.ResponsibleUserId is { } responsible && byUser.TryGetValue(responsible, out var email))
            {
                to.Add(email);
            }
            return [.. to.Order(StringComparer.OrdinalIgnoreCase)];
        };
    }
}
