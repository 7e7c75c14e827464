using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Collectives.Coordinators;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Collectives.Questions;

/// <summary>
/// The exchange between a collective's members and its coordinators and elected officials: a member posts (length
/// and daily limits), a moderator publishes, rejects or answers (answering publishes, and mails the author once),
/// members read what is published. Also the questions' part of "download my data" and "erase me".
/// </summary>
public sealed class CollectiveQuestions(AppDbContext db, JobQueue jobs, TimeProvider clock) : ICitizenDataPart
{
    /// <summary>At most this many questions on a page (the moderation queue, the members' view).</summary>
    public const int PageSize = 100;

    public enum PostOutcome
    {
        Posted,
        TooMany,
    }

    public async Task<PostOutcome> PostAsync(CollectiveMember author, QuestionKind kind, string body, CancellationToken ct)
    {
        var since = clock.GetUtcNow().AddDays(-1);
        if (await db.Set<CollectiveQuestion>().CountAsync(q => q.MemberId == author.Id && q.CreatedAt > since, ct) >= CollectiveQuestion.MaxPerDay)
        {
            return PostOutcome.TooMany;
        }
        db.Add(new CollectiveQuestion { CollectiveId = author.CollectiveId, MemberId = author.Id, Kind = kind, Body = body.Trim(), CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        return PostOutcome.Posted;
    }

    /// <summary>What the collective's members see: published questions, newest first, with their answers.</summary>
    public Task<List<CollectiveQuestion>> PublishedAsync(Guid collectiveId, CancellationToken ct) =>
        db.Set<CollectiveQuestion>().AsNoTracking().Where(q => q.CollectiveId == collectiveId && q.Status == QuestionStatus.Published)
            .OrderByDescending(q => q.CreatedAt).Take(PageSize).ToListAsync(ct);

    /// <summary>The author's own questions not published (pending or rejected), newest first.</summary>
    public Task<List<CollectiveQuestion>> UnpublishedOfAsync(Guid memberId, CancellationToken ct) =>
        db.Set<CollectiveQuestion>().AsNoTracking().Where(q => q.MemberId == memberId && q.Status != QuestionStatus.Published)
            .OrderByDescending(q => q.CreatedAt).Take(PageSize).ToListAsync(ct);

    public sealed record QueueRow(CollectiveQuestion Question, string AuthorName, string? Association);

    /// <summary>The moderation queue: questions of this status (pending first by default), oldest first, with their authors.</summary>
    public async Task<List<QueueRow>> QueueAsync(Guid collectiveId, QuestionStatus status, CancellationToken ct) =>
        (await (from q in db.Set<CollectiveQuestion>().AsNoTracking()
                join m in db.Set<CollectiveMember>().AsNoTracking() on q.MemberId equals m.Id
                where q.CollectiveId == collectiveId && q.Status == status
                orderby q.CreatedAt
                select new { q, m.Name, m.AssociationName }).Take(PageSize).ToListAsync(ct))
        .Select(x => new QueueRow(x.q, x.Name, x.AssociationName)).ToList();

    public async Task<Dictionary<QuestionStatus, int>> CountsAsync(Guid collectiveId, CancellationToken ct) =>
        await db.Set<CollectiveQuestion>().Where(q => q.CollectiveId == collectiveId).GroupBy(q => q.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);

    /// <summary>Publishes or rejects a question of this collective; false when there is none.</summary>
    public async Task<bool> ModerateAsync(Guid collectiveId, Guid questionId, bool publish, CancellationToken ct)
    {
        if (await db.Set<CollectiveQuestion>().FirstOrDefaultAsync(q => q.Id == questionId && q.CollectiveId == collectiveId, ct) is not { } question)
        {
            return false;
        }
        question.Status = publish ? QuestionStatus.Published : QuestionStatus.Rejected;
        question.ModeratedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Answers (or corrects the answer to) a question of this collective and publishes it; the author is told by mail once.</summary>
    public async Task<bool> AnswerAsync(Guid collectiveId, Guid questionId, string answer, CancellationToken ct)
    {
        if (await db.Set<CollectiveQuestion>().FirstOrDefaultAsync(q => q.Id == questionId && q.CollectiveId == collectiveId, ct) is not { } question)
        {
            return false;
        }
        var now = clock.GetUtcNow();
        var first = question.AnsweredAt is null;
        question.Answer = answer.Trim();
        question.AnsweredAt ??= now;
        question.Status = QuestionStatus.Published;
        question.ModeratedAt ??= now;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (first)
        {
            await jobs.EnqueueAsync(QuestionAnsweredMail.Request(question.Id), ct);
        }
        await transaction.CommitAsync(ct);
        return true;
    }

    public string Name => "questions";

    public async Task<object> ExportAsync(IReadOnlyList<Guid> memberIds, CancellationToken ct) =>
        await db.Set<CollectiveQuestion>().AsNoTracking().Where(q => memberIds.Contains(q.MemberId)).OrderBy(q => q.CreatedAt).Take(5000)
            .Select(q => new
            {
                collectiveId = q.CollectiveId, kind = q.Kind.ToString(), body = q.Body, status = q.Status.ToString(),
                postedAt = q.CreatedAt, answer = q.Answer, answeredAt = q.AnsweredAt,
            }).ToListAsync(ct);

    public Task<int> EraseAsync(IReadOnlyList<Guid> memberIds, CancellationToken ct) =>
        db.Set<CollectiveQuestion>().Where(q => memberIds.Contains(q.MemberId)).ExecuteDeleteAsync(ct);
}

/// <summary>
/// Job <c>collectives.question-answered</c>: tells the author that their question has an answer (a link to the
/// collective's members' page). The payload holds the question's id only.
/// </summary>
public sealed class QuestionAnsweredMail(AppDbContext db, MemberMail mail, PublicOrigin origin) : IJobHandler
{
    public const string Kind = "collectives.question-answered";

    public sealed record Payload(Guid QuestionId);

    public static JobRequest Request(Guid questionId) =>
        new(Kind, new Payload(questionId)) { Label = "Collectives: question answered", MaxAttempts = 5, IdempotencyKey = $"{Kind}/{questionId:N}" };

    public async Task RunAsync(JobContext job, CancellationToken ct)
    {
        var payload = job.Read<Payload>();
        if (await db.Set<CollectiveQuestion>().AsNoTracking().FirstOrDefaultAsync(q => q.Id == payload.QuestionId, ct) is not { AnsweredAt: not null } question)
        {
            return;
        }
        await mail.SendAsync(job, question.MemberId, "question-answered", (tenant, member, _) =>
            member.Status == MemberStatus.Member ? origin.Link(tenant, "/collectives/mine") : null, ct);
    }
}

public static class QuestionsRegistration
{
    /// <summary>Questions and proposals of members; called by <see cref="CollectivesModule"/>.</summary>
    public static IServiceCollection AddCollectiveQuestions(this IServiceCollection services)
    {
        services.AddScoped<CollectiveQuestions>();
        services.AddScoped<ICitizenDataPart>(sp => sp.GetRequiredService<CollectiveQuestions>());
        services.AddJobHandler<QuestionAnsweredMail>(QuestionAnsweredMail.Kind);
        return services;
    }
}
