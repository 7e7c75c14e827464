using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Collectives.Questions;

public enum QuestionKind
{
    Question,
    Proposal,
}

public enum QuestionStatus
{
    /// <summary>Waiting for a coordinator or staff (nobody else sees it but its author).</summary>
    Pending,
    /// <summary>Shown to the collective's members (never to the public).</summary>
    Published,
    Rejected,
}

/// <summary>
/// A member's question or proposal to their collective ("exchange with elected officials"): moderated by the
/// collective's coordinators or staff, answered, published to the collective's members only. Its author is a
/// membership (erased with it); no name is stored here, and none is shown to other members.
/// </summary>
public sealed class CollectiveQuestion : ITenantOwned, IStaffOnlyData
{
    public const int MaxBody = 2000;
    public const int MaxAnswer = 4000;
    /// <summary>At most this many questions a member posts to one collective in 24 hours.</summary>
    public const int MaxPerDay = 5;

    public Guid TenantId { get; set; }
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CollectiveId { get; set; }
    /// <summary>The author's membership (<see cref="CollectiveMember"/>).</summary>
    public Guid MemberId { get; set; }
    public QuestionKind Kind { get; set; }
    public required string Body { get; set; }
    public QuestionStatus Status { get; set; } = QuestionStatus.Pending;
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? ModeratedAt { get; set; }
    public string? Answer { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
}

internal sealed class CollectiveQuestionConfiguration : IEntityTypeConfiguration<CollectiveQuestion>
{
    public void Configure(EntityTypeBuilder<CollectiveQuestion> b)
    {
        b.ToTable("collective_questions");
        b.HasKey(q => new { q.TenantId, q.Id });
        b.HasIndex(q => new { q.TenantId, q.CollectiveId, q.Status, q.CreatedAt });
        b.HasIndex(q => new { q.TenantId, q.MemberId, q.CreatedAt });
        b.HasOne<Collective>().WithMany().HasForeignKey(q => new { q.TenantId, q.CollectiveId }).OnDelete(DeleteBehavior.Cascade);
        // Purging or erasing a membership takes its questions with it.
        b.HasOne<CollectiveMember>().WithMany().HasForeignKey(q => new { q.TenantId, q.MemberId }).OnDelete(DeleteBehavior.Cascade);
        b.Property(q => q.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(q => q.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(q => q.Body).HasMaxLength(CollectiveQuestion.MaxBody);
        b.Property(q => q.Answer).HasMaxLength(CollectiveQuestion.MaxAnswer);
    }
}
