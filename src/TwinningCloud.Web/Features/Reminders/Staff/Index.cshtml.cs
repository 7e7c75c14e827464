using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Reminders;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Reminders.Staff;

/// <summary>The reminder settings as posted: the sweep hour and one rule per subject (texts, so a bad value comes back as typed).</summary>
public sealed class RemindersForm
{
    public string? SweepHour { get; set; }
    public List<RuleForm> Rules { get; set; } = [];
}

public sealed class RuleForm
{
    public string? Subject { get; set; }
    public bool Enabled { get; set; }
    public string? Offsets { get; set; }
    public List<string> Roles { get; set; } = [];
    public List<string> People { get; set; } = [];
    public bool IncludeResponsible { get; set; }
    public string? Mode { get; set; }

    public static RuleForm From(ReminderRule rule) => new()
    {
        Subject = rule.Subject.ToString(),
        Enabled = rule.Enabled,
        Offsets = string.Join(", ", rule.OffsetDays.OrderDescending().Select(d => d.ToString(CultureInfo.InvariantCulture))),
        Roles = [.. rule.RecipientRoles],
        People = rule.RecipientUserIds.Select(id => id.ToString()).ToList(),
        IncludeResponsible = rule.IncludeResponsible,
        Mode = rule.Mode.ToString(),
    };
}

/// <summary>
/// <c>/admin/reminders</c>: the tenant's reminder settings (daily sweep hour, one rule per subject), the next
/// planned sweep, a button that runs the sweep now, and the latest reminders. Staff may read it; only tenant
/// admins may change it or run the sweep (every POST is refused with 403 to anyone else).
/// </summary>
public sealed class RemindersModel(
    AppDbContext db, TenantContext tenantContext, ReminderRules rules, JobQueue queue,
    IAuthorizationService authorization, TimeProvider clock, Texts T) : PageModel
{
    public const int LatestCount = 20;
    public const int MaxOffsets = 10;
    public const int MaxOffsetDays = 730;

    public sealed record Person(Guid UserId, string Label);

    [BindProperty] public RemindersForm Form { get; set; } = new();
    [TempData] public string? Saved { get; set; }
    [TempData] public bool SweepQueued { get; set; }
    public Dictionary<string, string> Errors { get; private set; } = [];
    public bool CanChange { get; private set; }
    public IReadOnlyList<Person> Team { get; private set; } = [];
    public DateTimeOffset? NextSweepAt { get; private set; }
    public IReadOnlyList<ReminderDelivery> Latest { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var settings = await rules.SettingsAsync(HttpContext.RequestAborted);
        Form = new RemindersForm
        {
            SweepHour = settings.SweepHour.ToString(CultureInfo.InvariantCulture),
            Rules = (await rules.ForTenantAsync(HttpContext.RequestAborted)).Select(RuleForm.From).ToList(),
        };
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await IsAdminAsync())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var ct = HttpContext.RequestAborted;
        var team = await TeamAsync();
        var (hour, wanted) = Validate(team.Select(p => p.UserId).ToHashSet());
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadAsync();
            return Page();
        }
        var now = clock.GetUtcNow();
        var settings = await db.Set<ReminderSettings>().FirstOrDefaultAsync(ct);
        if (settings is null)
        {
            settings = new ReminderSettings { TenantId = tenantContext.Required.Id };
            db.Add(settings);
        }
        settings.SweepHour = hour;
        settings.UpdatedAt = now;
        var saved = await db.Set<ReminderRule>().ToListAsync(ct);
        foreach (var want in wanted)
        {
            var rule = saved.FirstOrDefault(r => r.Subject == want.Subject);
            if (rule is null)
            {
                rule = new ReminderRule { Subject = want.Subject };
                db.Add(rule);
            }
            rule.Enabled = want.Enabled;
            rule.OffsetDays = [.. want.OffsetDays];
            rule.RecipientRoles = [.. want.RecipientRoles];
            rule.RecipientUserIds = [.. want.RecipientUserIds];
            rule.IncludeResponsible = want.IncludeResponsible;
            rule.Mode = want.Mode;
            rule.UpdatedAt = now;
        }
        await db.SaveChangesAsync(ct);
        // The schedule reads the hour afresh at every tick: the next sweep follows the new hour at once.
        Saved = T["reminders.saved"];
        return Redirect(Url.Content("~/admin/reminders"));
    }

    /// <summary>Enqueues a sweep of this tenant now (its own job, so it shows on the jobs page like a scheduled one).</summary>
    public async Task<IActionResult> OnPostRunAsync()
    {
        if (!await IsAdminAsync())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var tenant = tenantContext.Required;
        var now = clock.GetUtcNow();
        await queue.EnqueueAsync(new JobRequest(ReminderSweep.Kind)
        {
            IdempotencyKey = $"{ReminderSweep.Kind}/{tenant.Id:N}/manual/{now.UtcTicks}",
            Label = $"{User.Identity?.Name} · {TimeZoneInfo.ConvertTime(now, tenant.TimeZone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} {TwinningCloud.Web.Platform.Localization.DisplayDates.Offset(tenant.TimeZone.GetUtcOffset(now))}",
        }, HttpContext.RequestAborted);
        SweepQueued = true;
        return Redirect(Url.Content("~/admin/reminders"));
    }

    private async Task<bool> IsAdminAsync() => (await authorization.AuthorizeAsync(User, Policies.TenantAdmin)).Succeeded;

    public string? Error(string field) => Errors.TryGetValue(field, out var key) ? T[key] : null;

    /// <summary>The order of the fields on the page, for the error summary.</summary>
    public IEnumerable<(string Field, string Message)> Summary =>
        Errors.OrderBy(e => FieldOrder(e.Key)).Select(e => (e.Key, T[e.Value]));

    private static int FieldOrder(string field) =>
        field == "SweepHour" ? -1 : Enum.TryParse<ReminderSubject>(field.Split('-')[0], out var s) ? (int)s * 10 + (field.EndsWith("-Offsets", StringComparison.Ordinal) ? 0 : 1) : 100;

    /// <summary>The posted values checked; each error is keyed by the id of its field ("SweepHour", "AgreementReview-Offsets"…).</summary>
    private (int Hour, List<ReminderRule> Rules) Validate(HashSet<Guid> team)
    {
        var hour = 0;
        if (!int.TryParse(Form.SweepHour?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out hour) || hour is < 0 or > 23)
        {
            Errors["SweepHour"] = "reminders.error.hour";
        }
        var result = new List<ReminderRule>();
        foreach (var subject in Enum.GetValues<ReminderSubject>())
        {
            var posted = Form.Rules.FirstOrDefault(r => string.Equals(r.Subject, subject.ToString(), StringComparison.Ordinal));
            if (posted is null)
            {
                // A rule missing from the post: keep the page's full set of rules (the defaults) rather than guess.
                posted = RuleForm.From(new ReminderRule { Subject = subject });
                Form.Rules.Add(posted);
            }
            var rule = new ReminderRule { Subject = subject, Enabled = posted.Enabled, IncludeResponsible = posted.IncludeResponsible };
            if (ParseOffsets(posted.Offsets, out var offsets) is { } offsetError)
            {
                Errors[$"{subject}-Offsets"] = offsetError;
            }
            else if (offsets.Count == 0 && posted.Enabled)
            {
                Errors[$"{subject}-Offsets"] = "reminders.error.offsets-required";
            }
            rule.OffsetDays = offsets;
            var roles = posted.Roles.Where(r => !string.IsNullOrEmpty(r)).Distinct(StringComparer.Ordinal).ToList();
            if (roles.Any(r => !TwinningCloud.Web.Platform.Identity.Roles.TenantRoles.Contains(r)))
            {
                Errors[$"{subject}-Roles"] = "reminders.error.role";
            }
            rule.RecipientRoles = roles;
            var people = new List<Guid>();
            foreach (var value in posted.People.Where(p => !string.IsNullOrEmpty(p)))
            {
                if (Guid.TryParse(value, out var id) && team.Contains(id))
                {
                    if (!people.Contains(id))
                    {
                        people.Add(id);
                    }
                }
                else
                {
                    Errors[$"{subject}-People"] = "reminders.error.person";
                }
            }
            rule.RecipientUserIds = people;
            if (Enum.TryParse<ReminderMode>(posted.Mode, ignoreCase: false, out var mode) && Enum.IsDefined(mode) && !int.TryParse(posted.Mode, out _))
            {
                rule.Mode = mode;
            }
            else
            {
                Errors[$"{subject}-Mode"] = "reminders.error.mode";
            }
            result.Add(rule);
        }
        Form.Rules = Form.Rules.Where(r => Enum.TryParse<ReminderSubject>(r.Subject, out _)).OrderBy(r => Enum.Parse<ReminderSubject>(r.Subject!)).ToList();
        return (hour, result);
    }

    /// <summary>"90, 30, 7" → [90, 30, 7]: whole numbers of 1 to 730 days, distinct, at most 10; null or the key of the error.</summary>
    public static string? ParseOffsets(string? text, out List<int> offsets)
    {
        offsets = [];
        foreach (var part in (text ?? string.Empty).Split([',', ';', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var days))
            {
                return "reminders.error.offsets-number";
            }
            offsets.Add(days);
        }
        if (offsets.Any(d => d is < 1 or > MaxOffsetDays))
        {
            return "reminders.error.offsets-range";
        }
        if (offsets.Distinct().Count() != offsets.Count)
        {
            return "reminders.error.offsets-distinct";
        }
        if (offsets.Count > MaxOffsets)
        {
            return "reminders.error.offsets-count";
        }
        offsets = [.. offsets.OrderDescending()];
        return null;
    }

    private async Task<List<Person>> TeamAsync() =>
        await db.Set<TenantMembership>().AsNoTracking().OrderBy(m => m.User!.Email)
            .Select(m => new Person(m.UserId, m.User!.DisplayName != null && m.User.DisplayName != "" ? m.User.DisplayName + " (" + m.User.Email + ")" : m.User.Email!))
            .ToListAsync(HttpContext.RequestAborted);

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        CanChange = await IsAdminAsync();
        Team = await TeamAsync();
        NextSweepAt = await ReminderSweepSchedules.NextSweepAsync(db, tenantContext.Required, clock.GetUtcNow(), ct);
        Latest = await db.Set<ReminderDelivery>().AsNoTracking()
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Take(LatestCount).ToListAsync(ct);
    }
}
