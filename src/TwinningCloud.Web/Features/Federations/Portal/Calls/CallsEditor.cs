using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Federations.Onboarding;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Federations.Portal.Calls;

/// <summary>The staff's call form: the deadline's day and time as typed in the chosen time zone.</summary>
public sealed class CallForm
{
    public static readonly string[] FieldOrder = ["Title", "Date", "Time", "TimeZone", "Text"];

    public string? Title { get; set; }
    /// <summary>yyyy-MM-dd.</summary>
    public string? Date { get; set; }
    /// <summary>HH:mm.</summary>
    public string? Time { get; set; }
    public string? TimeZone { get; set; } = "Europe/Paris";
    public string? Text { get; set; }
    public bool IsPublic { get; set; }

    public static CallForm From(FederationCall call)
    {
        var local = TimeZoneInfo.ConvertTime(call.DeadlineAt, call.Zone);
        return new CallForm
        {
            Title = call.Title, Date = local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Time = local.ToString("HH:mm", CultureInfo.InvariantCulture),
            TimeZone = call.TimeZone, Text = call.TextMarkdown, IsPublic = call.IsPublic,
        };
    }
}

/// <summary>
/// Creates, changes and removes a federation's calls for projects. Saving a call plans its reminders in the same
/// transaction: one job per reminder moment (<see cref="CallReminders.DaysBefore"/> days before the deadline), keyed by
/// the call, its deadline and the offset — the same call saved again, by any instance, plans nothing twice; a new
/// deadline plans new moments and the old ones find the deadline changed and send nothing.
/// </summary>
public sealed class CallsEditor(AppDbContext db, JobQueue jobs, TimeProvider clock)
{
    /// <summary>Calls a federation keeps at most (open and closed).</summary>
    public const int MaxCalls = 100;

    public async Task<(Guid? Id, Dictionary<string, string> Errors)> SaveAsync(Federation federation, Guid? id, CallForm form, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var now = clock.GetUtcNow();
        var title = form.Title?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > FederationCall.MaxTitle || title.Any(char.IsControl))
        {
            errors["Title"] = "calls.error.title";
        }
        var zoneId = form.TimeZone?.Trim() ?? string.Empty;
        TimeZoneInfo? zone = TownOnboarding.TimeZones.Contains(zoneId) && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var z) ? z : null;
        if (zone is null)
        {
            errors["TimeZone"] = "calls.error.time-zone";
        }
        DateTimeOffset? deadline = null;
        if (!DateOnly.TryParseExact(form.Date?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            errors["Date"] = "calls.error.date";
        }
        else if (!TimeOnly.TryParseExact(form.Time?.Trim(), ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            errors["Time"] = "calls.error.time";
        }
        else if (zone is not null)
        {
            var local = day.ToDateTime(time, DateTimeKind.Unspecified);
            if (zone.IsInvalidTime(local))
            {
                errors["Time"] = "calls.error.time";
            }
            else
            {
                deadline = new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
                if (deadline <= now)
                {
                    errors["Date"] = "calls.error.past";
                }
                else if (deadline > now.AddYears(3))
                {
                    errors["Date"] = "calls.error.far";
                }
            }
        }
        var text = form.Text?.Trim() ?? string.Empty;
        if (text.Length > FederationCall.MaxText)
        {
            errors["Text"] = "calls.error.text";
        }
        FederationCall? call = null;
        if (id is { } existing)
        {
            call = await db.Set<FederationCall>().FirstOrDefaultAsync(c => c.FederationId == federation.Id && c.Id == existing, ct);
            if (call is null)
            {
                return (null, errors);
            }
        }
        else if (await db.Set<FederationCall>().CountAsync(c => c.FederationId == federation.Id, ct) >= MaxCalls)
        {
            errors["Title"] = "calls.error.too-many";
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        if (call is null)
        {
            call = new FederationCall { FederationId = federation.Id, Title = title!, CreatedAt = now };
            db.Add(call);
        }
        (call.Title, call.TextMarkdown, call.DeadlineAt, call.TimeZone, call.IsPublic, call.UpdatedAt) = (title!, text, deadline!.Value, zone!.Id, form.IsPublic, now);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await ScheduleRemindersAsync(call, ct);
        await transaction.CommitAsync(ct);
        return (call.Id, errors);
    }

    /// <summary>The reminder jobs of the call's deadline, one per offset still ahead; a key per (call, deadline, offset).</summary>
    public async Task<int> ScheduleRemindersAsync(FederationCall call, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var requests = CallReminders.DaysBefore
            .Select(days => (Days: days, At: call.DeadlineAt.AddDays(-days)))
            .Where(r => r.At > now)
            .Select(r => new JobRequest(CallReminderJob.Kind, new CallReminderJob.Payload(call.Id, call.DeadlineAt, r.Days))
            {
                RunAt = r.At,
                Label = $"Call for projects {call.Id:N}: reminder {r.Days} day(s) before",
                IdempotencyKey = CallReminderJob.KeyOf(call.Id, call.DeadlineAt, r.Days),
            }).ToList();
        return requests.Count == 0 ? 0 : await jobs.EnqueueAsync(requests, ct);
    }

    public async Task<bool> DeleteAsync(Guid federationId, Guid id, CancellationToken ct) =>
        await db.Set<FederationCall>().Where(c => c.FederationId == federationId && c.Id == id).ExecuteDeleteAsync(ct) == 1;

    /// <summary>The federation's calls (on an anonymous page, the public ones only), open ones first by deadline, then the closed ones, newest first.</summary>
    public async Task<(IReadOnlyList<FederationCall> Open, IReadOnlyList<FederationCall> Closed)> ListAsync(Guid federationId, int closedShown, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var calls = db.Set<FederationCall>().AsNoTracking().Where(c => c.FederationId == federationId);
        var open = await calls.Where(c => c.DeadlineAt > now).OrderBy(c => c.DeadlineAt).Take(MaxCalls).ToListAsync(ct);
        var closed = closedShown == 0 ? [] : await calls.Where(c => c.DeadlineAt <= now).OrderByDescending(c => c.DeadlineAt).Take(closedShown).ToListAsync(ct);
        return (open, closed);
    }

    /// <summary>The open calls of the federations in <paramref name="federationIds"/> (for a member town's staff), by deadline.</summary>
    public async Task<IReadOnlyList<FederationCall>> OpenOfAsync(IReadOnlyCollection<Guid> federationIds, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return await db.Set<FederationCall>().AsNoTracking().Where(c => federationIds.Contains(c.FederationId) && c.DeadlineAt > now)
            .OrderBy(c => c.DeadlineAt).Take(MaxCalls).ToListAsync(ct);
    }

    public Task<FederationCall?> FindAsync(Guid federationId, Guid id, CancellationToken ct) =>
        db.Set<FederationCall>().AsNoTracking().FirstOrDefaultAsync(c => c.FederationId == federationId && c.Id == id, ct);
}
