using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TwinningCloud.Web.Features.Federations.Import;

public enum ImportStatus
{
    /// <summary>Read and checked; waiting for the admin to start it.</summary>
    Previewed = 0,
    /// <summary>Started: background jobs onboard its lines, a chunk at a time.</summary>
    Running = 1,
    Done = 2,
}

/// <summary>What became of one line of a bulk onboarding file.</summary>
public enum LineOutcome
{
    Pending = 0,
    Created = 1,
    AlreadyThere = 2,
    Refused = 3,
}

/// <summary>One line of the file and its outcome; <see cref="Reason"/> is a text key (its field in <see cref="Field"/>).</summary>
public sealed record ImportLine(int Line, string? Town, string? Slug, LineOutcome Outcome, string? Field = null, string? Reason = null);

/// <summary>
/// A bulk onboarding file of a federation: its content (at most <see cref="BulkOnboarding.MaxBytes"/>), its lines with
/// their outcome (the preview's bad lines, then the per-line report), and its progress. The background jobs read
/// it by id and move it forward a chunk at a time; a line done is never done again.
/// </summary>
public sealed class FederationImport
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid FederationId { get; set; }
    public Guid CreatedBy { get; set; }
    public required string FileName { get; set; }
    public required string Content { get; set; }
    public ImportStatus Status { get; set; } = ImportStatus.Previewed;
    public int Total { get; set; }
    /// <summary>Lines whose outcome is known (refused at preview included).</summary>
    public int Processed { get; set; }
    public int Created { get; set; }
    public int AlreadyThere { get; set; }
    public int Refused { get; set; }
    /// <summary>Every line with its outcome, as JSON (<see cref="ImportLine"/>).</summary>
    public string Lines { get; set; } = "[]";
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

internal sealed class FederationImportConfiguration : IEntityTypeConfiguration<FederationImport>
{
    public void Configure(EntityTypeBuilder<FederationImport> b)
    {
        b.ToTable("federation_imports");
        b.HasKey(i => i.Id);
        b.HasIndex(i => new { i.FederationId, i.CreatedAt });
        b.Property(i => i.FileName).HasMaxLength(255);
        b.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Federation>().WithMany().HasForeignKey(i => i.FederationId).OnDelete(DeleteBehavior.Cascade);
    }
}
