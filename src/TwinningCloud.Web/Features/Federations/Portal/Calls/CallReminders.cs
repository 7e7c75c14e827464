using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Collectives;
using TwinningCloud.Web.Platform.Email;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Portal.Calls;

public static class CallReminders
{
    /// <summary>The reminders of a call: 7 days and 1 day before its deadline.</summary>
    public static readonly IReadOnlyList<int> DaysBefore = [7, 1];

    /// <summary>Where a member town's staff read the federation's calls (the mail's link; from configuration, never the request).</summary>
    public const string MembersPath = "/admin/federations/library";

    public static bool SameDeadline(DateTimeOffset a, DateTimeOffset b) => (a - b).Duration() < TimeSpan.FromSeconds(1);
}

/// <summary>
/// Job <c>federations.call-reminder</c> (a platform job, due <see cref="Payload.DaysBefore"/> days before a call's
/// deadline): queues one <see cref="CallReminderTownJob"/> per accepted member town that is active, each in that town's
/// context and keyed by (call, deadline, offset, town): run twice, on two instances, it queues each town's once. Nothing
/// for a removed call, a changed deadline (the new one has its own jobs) or a call already closed.
/// </summary>
public sealed class CallReminderJob(AppDbContext db, JobQueue jobs, TenantCatalog catalog, TimeProvider clock) : IJobHandler
{
    public const string Kind = "federations.call-reminder";

    public sealed record Payload(Guid CallId, DateTimeOffset DeadlineAt, int DaysBefore);

    public static string KeyOf(Guid callId, DateTimeOffset deadline, int days) => $"{Kind}/{callId:N}/{deadline.UtcTicks}/{days}";

    public async Task RunAsync(JobContext job, CancellationToken ct)
    {
        var payload = job.Read<Payload>();
        var call = await db.Set<FederationCall>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == payload.CallId, ct);
        if (call is null || !CallReminders.SameDeadline(call.DeadlineAt, payload.DeadlineAt) || !call.IsOpen(clock.GetUtcNow()))
        {
            return;
        }
        var members = await db.Set<FederationMember>().AsNoTracking()
            .Where(m => m.FederationId == call.FederationId && m.Status == MemberStatus.Accepted).Select(m => m.TenantId).ToListAsync(ct);
        var requests = new List<JobRequest>();
        foreach (var tenantId in members)
        {
            if (await catalog.FindByIdAsync(tenantId, ct) is not { IsActive: true } tenant)
            {
                continue;
            }
            requests.Add(new JobRequest(CallReminderTownJob.Kind, new CallReminderTownJob.Payload(call.Id, call.DeadlineAt, payload.DaysBefore))
            {
                TenantId = tenant.Id,
                Label = $"Call for projects {call.Id:N}: reminder {payload.DaysBefore} day(s) before, to {tenant.Slug}",
                IdempotencyKey = $"{CallReminderTownJob.Kind}/{call.Id:N}/{call.DeadlineAt.UtcTicks}/{payload.DaysBefore}/{tenant.Id:N}",
            });
        }
        foreach (var chunk in requests.Chunk(500))
        {
            await jobs.EnqueueAsync(chunk, ct);
        }
    }
}

/// <summary>
/// Job <c>federations.call-reminder-town</c>, in a member town's context: one mail per administrator of the town (one
/// address per mail, in the person's language, else the town's), with a link to the town's own page of its
/// federations' calls. Each mail is recorded (<see cref="FederationCallReminder"/>, unique per call, deadline, offset and
/// person) as it leaves: a run after a crash or a retry after a transient failure sends only what is left. Nothing when
/// the town left the federation, the call was removed, moved or closed.
/// </summary>
public sealed class CallReminderTownJob(
    AppDbContext db, TenantContext tenantContext, IEmailSender sender, Texts texts, PublicOrigin origin, TimeProvider clock) : IJobHandler
{
    public const string Kind = "federations.call-reminder-town";
    /// <summary>Administrators of one town reminded at most (a town has a handful).</summary>
    public const int MaxRecipients = 100;

    public sealed record Payload(Guid CallId, DateTimeOffset DeadlineAt, int DaysBefore);

    public async Task RunAsync(JobContext job, CancellationToken ct)
    {
        var tenant = tenantContext.Required;
        var payload = job.Read<Payload>();
        var now = clock.GetUtcNow();
        var call = await db.Set<FederationCall>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == payload.CallId, ct);
        if (call is null || !CallReminders.SameDeadline(call.DeadlineAt, payload.DeadlineAt) || !call.IsOpen(now)
            || !await db.Set<FederationMember>().AnyAsync(m => m.FederationId == call.FederationId && m.TenantId == tenant.Id && m.Status == MemberStatus.Accepted, ct))
        {
            return;
        }
        var federation = await db.Set<Federation>().AsNoTracking().FirstAsync(f => f.Id == call.FederationId, ct);
        var done = await db.Set<FederationCallReminder>()
            .Where(r => r.CallId == call.Id && r.DeadlineAt == call.DeadlineAt && r.DaysBefore == payload.DaysBefore).Select(r => r.UserId).ToListAsync(ct);
        var admins = await db.Set<TenantMembership>().AsNoTracking()
            .Where(m => m.Role == Roles.TenantAdmin && !done.Contains(m.UserId) && m.User!.Email != null)
            .OrderBy(m => m.UserId).Take(MaxRecipients)
            .Select(m => new { m.UserId, m.User!.Email, m.User.PreferredCulture }).ToListAsync(ct);
        if (admins.Count == 0)
        {
            return;
        }
        var messages = admins.Select(a => Compose(tenant, federation, call, payload.DaysBefore, a.UserId, a.Email!, a.PreferredCulture)).ToList();
        var outcomes = await sender.SendManyAsync(messages, ct);
        var transient = 0;
        for (var i = 0; i < outcomes.Count; i++)
        {
            if (outcomes[i].Transient)
            {
                transient++;
                continue;
            }
            var error = outcomes[i].Error?.Message;
            db.Add(new FederationCallReminder
            {
                CallId = call.Id, DeadlineAt = call.DeadlineAt, DaysBefore = payload.DaysBefore, UserId = admins[i].UserId, Email = admins[i].Email!,
                State = outcomes[i].Sent ? CallReminderState.Sent : CallReminderState.Failed, Error = error is { Length: > 1000 } e ? e[..1000] : error, At = now,
            });
        }
        await db.SaveChangesAsync(CancellationToken.None);
        if (transient > 0)
        {
            throw new TransientEmailException($"{transient} call reminder(s) not sent now; the job is retried for them.");
        }
    }

    private EmailMessage Compose(TenantInfo tenant, Federation federation, FederationCall call, int days, Guid userId, string email, string? preferred)
    {
        var culture = SupportedCultures.Culture(SupportedCultures.IsSupported(preferred) ? preferred!
            : SupportedCultures.IsSupported(tenant.DefaultCulture) ? tenant.DefaultCulture : SupportedCultures.French);
        string T(string key, params object[] args) => string.Format(culture, texts.Get(key, culture), args);
        var deadline = CallDates.Deadline(call, culture);
        var link = origin.Link(tenant, $"{CallReminders.MembersPath}#call-{call.Id}");
        var subject = T(days == 1 ? "calls.mail.subject-one" : "calls.mail.subject", federation.Name, call.Title, days);
        var intro = T("calls.mail.intro", federation.Name, tenant.DisplayName, deadline);
        var open = T("calls.mail.open");
        var footer = T("calls.mail.footer", tenant.DisplayName, federation.Name);
        var summary = call.TextMarkdown.Length > 0 ? AnnouncementMarkdown.ToText(call.TextMarkdown) : null;
        if (summary is { Length: > 1500 })
        {
            summary = summary[..1500] + "…";
        }
        var text = new StringBuilder().Append(intro).Append("\n\n").Append(call.Title).Append('\n');
        if (summary is not null)
        {
            text.Append('\n').Append(summary).Append('\n');
        }
        text.Append('\n').Append(open).Append(":\n").Append(link).Append("\n\n— ").Append(federation.Name).Append("\n\n").Append(footer).Append('\n');
        var enc = HtmlEncoder.Default;
        var html = new StringBuilder().Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="{culture.TwoLetterISOLanguageName}"><head><meta charset="utf-8"><title>{enc.Encode(subject)}</title></head>
            <body style="font-family: system-ui, sans-serif; color: #1f2933; line-height: 1.5">
            <p style="font-weight: 700; font-size: 1.1em">{enc.Encode(federation.Name)}</p>
            <p>{enc.Encode(intro)}</p>
            <h1 style="font-size: 1.2em">{enc.Encode(call.Title)}</h1>
            """);
        if (call.TextMarkdown.Length > 0)
        {
            html.Append(AnnouncementMarkdown.ToHtml(call.TextMarkdown));
        }
        html.Append(CultureInfo.InvariantCulture, $"""
            <p><a href="{enc.Encode(link)}" style="color: #1d4f91; font-weight: 700">{enc.Encode(open)}</a></p>
            <hr>
            <p style="font-size: .9em">{enc.Encode(footer)}</p>
            </body></html>
            """);
        return new EmailMessage(email, subject, text.ToString(), html.ToString(), federation.Name)
        {
            MessageId = $"call-{call.Id:N}-{call.DeadlineAt.UtcTicks}-{days}-{userId:N}@twinningcloud",
        };
    }
}

public static class CallDates
{
    /// <summary>"31 mars 2027 à 12:00 (Europe/Paris, UTC+2)": the deadline in the zone it was typed in, with the zone named.</summary>
    public static string Deadline(FederationCall call, CultureInfo culture)
    {
        var zone = call.Zone;
        var local = TimeZoneInfo.ConvertTime(call.DeadlineAt, zone);
        var pattern = culture.TwoLetterISOLanguageName == "fr" ? "d MMMM yyyy 'à' HH:mm" : "d MMMM yyyy 'at' HH:mm";
        return $"{local.ToString(pattern, culture)} ({zone.Id}, {DisplayDates.Offset(zone.GetUtcOffset(call.DeadlineAt))})";
    }
}
