using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using TwinningCloud.Web.Features.Collectives.Meetings;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Infrastructure;

public sealed partial class TestData
{
    /// <summary>A meeting made as staff make it (invitations planned and queued, reminder scheduled), at <paramref name="startsAt"/> for 90 minutes.</summary>
    public Task<CollectiveMeeting> AddMeetingAsync(TenantInfo tenant, Guid collectiveId, string title, DateTimeOffset startsAt, string? place = "Salle des fêtes", string? agenda = null) =>
        services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(tenant, sp =>
            sp.GetRequiredService<MeetingPlanner>().CreateAsync(collectiveId, new MeetingInput(title, startsAt, startsAt.AddMinutes(90), place, null, agenda), CancellationToken.None));

    public Task<List<MeetingRsvp>> MeetingAnswersAsync(TenantInfo tenant, Guid meetingId) =>
        InTenantAsync(tenant, db => db.Set<MeetingRsvp>().AsNoTracking().Where(r => r.MeetingId == meetingId).ToListAsync());

    /// <summary>Brings the meeting's reminder job forward to now (the worker then runs it) and returns its id.</summary>
    public async Task<long> RunReminderNowAsync(TenantInfo tenant, Guid meetingId)
    {
        var key = $"{MeetingReminderJob.Kind}/{meetingId:N}/";
        var id = await InTenantAsync(tenant, db => db.Jobs.Where(j => j.Kind == MeetingReminderJob.Kind && j.IdempotencyKey!.StartsWith(key))
            .OrderByDescending(j => j.Id).Select(j => j.Id).FirstAsync());
        await RunJobNowAsync(id);
        return id;
    }

    /// <summary>The iCalendar file attached to a mail (its raw source, as MailDev received it), or null.</summary>
    public static string? CalendarIn(string source)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(source));
        var message = MimeMessage.Load(stream);
        var part = message.BodyParts.OfType<MimePart>().FirstOrDefault(p => p.ContentType.IsMimeType("text", "calendar"));
        if (part is null)
        {
            return null;
        }
        using var content = new MemoryStream();
        part.Content!.DecodeTo(content);
        return System.Text.Encoding.UTF8.GetString(content.ToArray());
    }

    /// <summary>The answer link of a meeting mail's text (the path and query, for any client).</summary>
    public static string RsvpLinkIn(MailDev.Mail mail) =>
        new Uri(System.Text.RegularExpressions.Regex.Match(mail.Text ?? "", @"https?://\S+/collectives/meetings/rsvp\?t=\S+").Value).PathAndQuery;
}
