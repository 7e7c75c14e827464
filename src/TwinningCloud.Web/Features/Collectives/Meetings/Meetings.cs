using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Collectives.Meetings;

/// <summary>What staff type for a meeting: the moment in the town's time zone (converted here), a place or a link, an agenda.</summary>
public sealed record MeetingInput(string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Place, string? OnlineLink, string? AgendaMarkdown);

/// <summary>
/// Creates, changes and cancels meetings. Each change members are told about plans one mail row per recipient in one
/// statement (<see cref="RecipientRows"/>) and enqueues jobs of at most <see cref="BatchSize"/> mails, in the same
/// transaction as the change; creating or moving a meeting schedules its reminder job for the day before.
/// </summary>
public sealed class MeetingPlanner(AppDbContext db, JobQueue jobs, TimeProvider clock)
{
    public const int BatchSize = 100;
    public static readonly TimeSpan ReminderBefore = TimeSpan.FromHours(24);

    public async Task<CollectiveMeeting> CreateAsync(Guid collectiveId, MeetingInput input, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var meeting = new CollectiveMeeting { CollectiveId = collectiveId, Title = input.Title, CreatedAt = now, UpdatedAt = now };
        Apply(meeting, input);
        db.Add(meeting);
        await db.SaveChangesAsync(ct);
        await PlanAsync(meeting, MeetingMailKind.Invitation, ct);
        await ScheduleReminderAsync(meeting, ct);
        await transaction.CommitAsync(ct);
        return meeting;
    }

    public async Task UpdateAsync(CollectiveMeeting meeting, MeetingInput input, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        Apply(meeting, input);
        meeting.Sequence++;
        meeting.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await PlanAsync(meeting, MeetingMailKind.Update, ct);
        await ScheduleReminderAsync(meeting, ct);
        await transaction.CommitAsync(ct);
    }

    public async Task CancelAsync(CollectiveMeeting meeting, CancellationToken ct)
    {
        if (meeting.IsCancelled)
        {
            return;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        meeting.IsCancelled = true;
        meeting.CancelledAt = meeting.UpdatedAt = clock.GetUtcNow();
        meeting.Sequence++;
        await db.SaveChangesAsync(ct);
        await PlanAsync(meeting, MeetingMailKind.Cancellation, ct);
        await transaction.CommitAsync(ct);
    }

    private static void Apply(CollectiveMeeting meeting, MeetingInput input)
    {
        meeting.Title = input.Title;
        // Whole seconds: the moment round-trips unchanged through the database (microseconds) and a job's payload.
        meeting.StartsAt = Seconds(input.StartsAt);
        meeting.EndsAt = Seconds(input.EndsAt);
        meeting.Place = input.Place;
        meeting.OnlineLink = input.OnlineLink;
        meeting.AgendaMarkdown = input.AgendaMarkdown;
    }

    private static DateTimeOffset Seconds(DateTimeOffset at) =>
        new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    /// <summary>
    /// One mail row per recipient (the reminder skips those who answered no), then the batch jobs. Rows that exist
    /// (same member, meeting, kind and sequence) are kept: planning twice sends nothing twice.
    /// </summary>
    public async Task<int> PlanAsync(CollectiveMeeting meeting, MeetingMailKind kind, CancellationToken ct)
    {
        var sequence = kind == MeetingMailKind.Reminder ? 0 : meeting.Sequence;
        var skipNo = kind == MeetingMailKind.Reminder
            ? " AND NOT EXISTS (SELECT 1 FROM collective_meeting_rsvps r WHERE r.tenant_id = m.tenant_id AND r.meeting_id = {2} AND r.member_id = m.id AND r.answer = 'No')"
            : "";
        await RecipientRows.InsertAsync(db, "collective_meeting_mails", "meeting_id", meeting.CollectiveId, meeting.Id, ct,
            ", kind, sequence", ", {3}, {4}", skipNo, kind.ToString(), sequence);
        var ids = await db.Set<MeetingMail>()
            .Where(d => d.MeetingId == meeting.Id && d.Kind == kind && d.Sequence == sequence && d.State == DeliveryState.Planned)
            .OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(ct);
        var requests = ids.Chunk(BatchSize).Select((batch, i) => new JobRequest(MeetingMailJob.Kind, new MeetingMailJob.Payload(meeting.Id, batch.ToList()))
        {
            Label = $"Meeting {meeting.Id:N}, {kind} {sequence}, batch {i + 1}",
            IdempotencyKey = $"{MeetingMailJob.Kind}/{meeting.Id:N}/{kind}/{sequence}/{i}",
        }).ToList();
        await jobs.EnqueueAsync(requests, ct);
        return ids.Count;
    }

    /// <summary>The reminder job of this meeting's moment, due a day before it (none when that is already past).</summary>
    private async Task ScheduleReminderAsync(CollectiveMeeting meeting, CancellationToken ct)
    {
        var at = meeting.StartsAt - ReminderBefore;
        if (at <= clock.GetUtcNow())
        {
            return; // less than a day ahead: the invitation (or update) just went out
        }
        await jobs.EnqueueAsync(new JobRequest(MeetingReminderJob.Kind, new MeetingReminderJob.Payload(meeting.Id, meeting.StartsAt))
        {
            RunAt = at,
            Label = $"Meeting {meeting.Id:N}: reminder",
            IdempotencyKey = $"{MeetingReminderJob.Kind}/{meeting.Id:N}/{meeting.StartsAt.UtcTicks}",
        }, ct);
    }
}

/// <summary>
/// Job <c>collectives.meeting-reminder</c>, due a day before a meeting: plans the reminder mails (members who did not
/// answer no). Nothing when the meeting was cancelled, moved (the move scheduled its own reminder) or has begun, or
/// when the town switched the module off. The payload holds ids and the moment only.
/// </summary>
public sealed class MeetingReminderJob(AppDbContext db, TenantContext tenantContext, MeetingPlanner planner, TimeProvider clock) : IJobHandler
{
    public const string Kind = "collectives.meeting-reminder";

    public sealed record Payload(Guid MeetingId, DateTimeOffset StartsAt);

    public async Task RunAsync(JobContext job, CancellationToken ct)
    {
        if (!tenantContext.Required.HasModule(ModuleKeys.Collectives))
        {
            return;
        }
        var payload = job.Read<Payload>();
        var meeting = await db.Set<CollectiveMeeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == payload.MeetingId, ct);
        if (meeting is null || meeting.IsCancelled || (meeting.StartsAt - payload.StartsAt).Duration() > TimeSpan.FromSeconds(1) || meeting.StartsAt <= clock.GetUtcNow())
        {
            return;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await planner.PlanAsync(meeting, MeetingMailKind.Reminder, ct);
        await transaction.CommitAsync(ct);
    }
}

public static class MeetingsSetup
{
    public static IServiceCollection AddCollectiveMeetings(this IServiceCollection services)
    {
        services.AddScoped<MeetingPlanner>();
        services.AddScoped<MeetingMailComposer>();
        services.AddScoped<MeetingAnswers>();
        services.AddScoped<ICitizenDataPart, MeetingsCitizenData>();
        services.AddJobHandler<MeetingMailJob>(MeetingMailJob.Kind);
        services.AddJobHandler<MeetingReminderJob>(MeetingReminderJob.Kind);
        return services;
    }
}
