using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Features.NetworkMemberships;
using TwinningCloud.Web.Features.Reminders;
using TwinningCloud.Web.Platform.Audit;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Dashboard;

/// <summary>One item of the onboarding checklist: done from the town's real data, with where to do it.</summary>
public sealed record ChecklistItem(string Key, bool Done, string? Path);

/// <summary>A review or renewal that falls within <see cref="StaffDashboard.DueWindowDays"/> days.</summary>
public sealed record DueItem(ReminderSubject Subject, Guid Id, string Title, DateOnly DueOn, string Path);

/// <summary>
/// One line of the latest changes (the town's audit trail): one save of one subject (an agreement with its
/// parties and domains is one line), its title when it still exists, and the page where it is edited.
/// </summary>
public sealed record ChangeRow(DateTimeOffset At, string Actor, string SubjectType, string Action, string? Title, string? Path);

/// <summary>What the staff dashboard shows; a null part belongs to a module the town does not have.</summary>
public sealed record DashboardView(
    IReadOnlyDictionary<AgreementStatus, int>? AgreementsByStatus,
    int? PartnerCities,
    int? Memberships,
    int TeamSize,
    IReadOnlyList<DueItem> Due,
    int DueTotal,
    IReadOnlyList<ChangeRow> Changes,
    IReadOnlyList<ReminderDelivery>? Reminders,
    IReadOnlyList<ChecklistItem> Checklist)
{
    public int Agreements => AgreementsByStatus?.Values.Sum() ?? 0;
}

/// <summary>
/// The figures, due dates, latest changes, reminders and onboarding checklist of the current town's staff
/// dashboard: a few counting queries, each list capped.
/// </summary>
public sealed class StaffDashboard(AppDbContext db, TenantContext tenantContext, TimeProvider clock)
{
    public const int DueWindowDays = 90;
    public const int DueLimit = 15;
    public const int ChangesLimit = 10;
    public const int RemindersLimit = 5;
    public const string DefaultBrandColor = "#1d4f91";

    public async Task<DashboardView> LoadAsync(CancellationToken ct)
    {
        var tenant = tenantContext.Required;
        var hasAgreements = tenant.HasModule(ModuleKeys.Agreements);
        var hasNetworks = tenant.HasModule(ModuleKeys.NetworkMemberships);
        var hasReminders = tenant.HasModule(ModuleKeys.Reminders);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), tenant.TimeZone).DateTime);
        var until = today.AddDays(DueWindowDays);

        Dictionary<AgreementStatus, int>? byStatus = null;
        int? cities = null, memberships = null;
        var due = new List<DueItem>();
        var dueTotal = 0;
        if (hasAgreements)
        {
            var counts = await db.Set<Agreement>().GroupBy(a => a.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
            byStatus = Enum.GetValues<AgreementStatus>().ToDictionary(s => s, s => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0);
            cities = await db.Set<PartnerCity>().CountAsync(ct);
            var reviews = db.Set<Agreement>().Where(a => (a.Status == AgreementStatus.Active || a.Status == AgreementStatus.Suspended)
                && a.NextReviewOn != null && a.NextReviewOn >= today && a.NextReviewOn <= until);
            dueTotal += await reviews.CountAsync(ct);
            due.AddRange((await reviews.OrderBy(a => a.NextReviewOn).Take(DueLimit).Select(a => new { a.Id, a.Title, a.NextReviewOn }).ToListAsync(ct))
                .Select(a => new DueItem(ReminderSubject.AgreementReview, a.Id, a.Title, a.NextReviewOn!.Value, $"/admin/agreements/{a.Id}")));
        }
        if (hasNetworks)
        {
            memberships = await db.Set<NetworkMembership>().CountAsync(ct);
            var renewals = db.Set<NetworkMembership>().Where(m => m.RenewalOn != null && m.RenewalOn >= today && m.RenewalOn <= until);
            dueTotal += await renewals.CountAsync(ct);
            due.AddRange((await renewals.OrderBy(m => m.RenewalOn).Take(DueLimit).Select(m => new { m.Id, m.Network!.Acronym, m.RenewalOn }).ToListAsync(ct))
                .Select(m => new DueItem(ReminderSubject.MembershipRenewal, m.Id, m.Acronym, m.RenewalOn!.Value, $"/admin/networks/{m.Id}")));
        }
        var teamSize = await db.Set<TenantMembership>().CountAsync(ct);
        // Audit ids are version 7 GUIDs (time-ordered): the newest entries by the primary key, no sort over the whole trail.
        var changes = await LatestChangesAsync(ct);
        IReadOnlyList<ReminderDelivery>? reminders = null;
        var remindersSet = false;
        if (hasReminders)
        {
            reminders = await db.Set<ReminderDelivery>().AsNoTracking().OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
                .Take(RemindersLimit).ToListAsync(ct);
            remindersSet = await db.Set<ReminderSettings>().AnyAsync(ct);
        }
        var branding = await db.Tenants.AsNoTracking().Where(t => t.Id == tenant.Id)
            .Select(t => t.LogoContent != null || t.BrandColor != DefaultBrandColor).FirstOrDefaultAsync(ct);

        var checklist = new List<ChecklistItem> { new("branding", branding, null) };
        if (hasAgreements)
        {
            checklist.Add(new("partner-cities", cities > 0, cities > 0 ? "/admin/partner-cities" : "/admin/partner-cities/new"));
            checklist.Add(new("agreements", byStatus!.Values.Sum() > 0, byStatus.Values.Sum() > 0 ? "/admin/agreements" : "/admin/agreements/new"));
        }
        checklist.Add(new("team", teamSize > 1, "/admin/team"));
        if (hasReminders)
        {
            checklist.Add(new("reminders", remindersSet, "/admin/reminders"));
        }
        checklist.Add(new("publish", tenant.IsPublished, null));

        return new DashboardView(byStatus, cities, memberships, teamSize,
            due.OrderBy(d => d.DueOn).Take(DueLimit).ToList(), dueTotal, changes, reminders, checklist);
    }

    private async Task<List<ChangeRow>> LatestChangesAsync(CancellationToken ct)
    {
        var entries = await db.Set<AuditEntry>().AsNoTracking().OrderByDescending(e => e.Id).Take(ChangesLimit * 8)
            .Select(e => new { e.At, e.ActorName, e.SubjectType, e.SubjectId, e.EntityType, e.Action }).ToListAsync(ct);
        // One line per save of a subject: entries of one subject, by one person, within a second.
        var saves = new List<(DateTimeOffset At, string Actor, string SubjectType, Guid SubjectId, string Action)>();
        foreach (var e in entries)
        {
            var isSubject = e.EntityType == e.SubjectType;
            var last = saves.Count > 0 ? saves[^1] : default;
            if (saves.Count > 0 && last.SubjectId == e.SubjectId && last.Actor == e.ActorName && (last.At - e.At).Duration() < TimeSpan.FromSeconds(1))
            {
                if (isSubject)
                {
                    saves[^1] = last with { Action = e.Action };
                }
                continue;
            }
            saves.Add((e.At, e.ActorName, e.SubjectType, e.SubjectId, isSubject ? e.Action : "Modified"));
        }
        saves = saves.Take(ChangesLimit).ToList();
        var ids = saves.Select(s => s.SubjectId).Distinct().ToList();
        var agreements = saves.Any(s => s.SubjectType == nameof(Agreement))
            ? await db.Set<Agreement>().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Title, ct) : [];
        var cities = saves.Any(s => s.SubjectType == nameof(PartnerCity))
            ? await db.Set<PartnerCity>().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct) : [];
        return saves.Select(s =>
        {
            var (title, path) = s.SubjectType switch
            {
                nameof(Agreement) when agreements.TryGetValue(s.SubjectId, out var t) => (t, $"/admin/agreements/{s.SubjectId}"),
                nameof(PartnerCity) when cities.TryGetValue(s.SubjectId, out var n) => (n, $"/admin/partner-cities/{s.SubjectId}"),
                _ => ((string?)null, (string?)null),
            };
            return new ChangeRow(s.At, s.Actor, s.SubjectType, s.Action, title, path);
        }).ToList();
    }
}
