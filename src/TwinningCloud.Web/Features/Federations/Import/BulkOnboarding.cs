using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Federations.Onboarding;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Federations.Import;

/// <summary>
/// Onboarding many towns from one CSV file (columns: <c>town, slug, country, language, time_zone, modules, admin_email,
/// admin_name</c>; only <c>town</c>, <c>country</c> and <c>admin_email</c> are required). <see cref="PreviewAsync"/> reads
/// and checks every line (line, field, reason) and keeps the file; <see cref="StartAsync"/> queues the first job; each
/// job (<see cref="BulkOnboardingJob"/>) onboards <see cref="ChunkSize"/> lines through <see cref="TownOnboarding"/> and
/// queues the next. Re-running the same file creates nothing twice: a town this federation already onboarded is
/// reported "already there", and a line already done is never done again (its outcome is recorded with the chunk).
/// </summary>
public sealed class BulkOnboarding(AppDbContext db, TownOnboarding onboarding, JobQueue jobs, TimeProvider clock)
{
    public const string JobKind = "federation-bulk-onboarding";
    public const int MaxBytes = 2 * 1024 * 1024;
    public const int MaxLines = 5000;
    public const int ChunkSize = 25;

    public static readonly string[] Columns = ["town", "slug", "country", "language", "time_zone", "modules", "admin_email", "admin_name"];
    private static readonly string[] RequiredColumns = ["town", "country", "admin_email"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static void AddTo(IServiceCollection services)
    {
        services.AddScoped<BulkOnboarding>();
        services.AddJobHandler<BulkOnboardingJob>(JobKind);
    }

    public static IReadOnlyList<ImportLine> LinesOf(FederationImport import) =>
        JsonSerializer.Deserialize<List<ImportLine>>(import.Lines, Json) ?? [];

    /// <summary>Reads and checks the file, keeps it with every line's first outcome (bad lines: refused with field and reason).</summary>
    public async Task<FederationImport> PreviewAsync(Federation federation, Guid createdBy, string fileName, string content, CancellationToken ct)
    {
        var lines = new List<ImportLine>();
        var forms = Parse(content, lines);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var onboarded = (await db.Set<FederationOnboarding>().Where(o => o.FederationId == federation.Id && o.Status != OnboardingStatus.Cancelled)
            .Select(o => o.Slug).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        foreach (var (line, form) in forms)
        {
            var errors = await onboarding.ValidateAsync(form, ct, checkSlugTaken: false);
            if (errors.Count == 0 && !seen.Add(form.Slug!))
            {
                errors[nameof(OnboardingForm.Slug)] = "federations.import.error.duplicate";
            }
            if (errors.Count == 0 && !onboarded.Contains(form.Slug!) && await db.Tenants.AnyAsync(t => t.Slug == form.Slug, ct))
            {
                errors[nameof(OnboardingForm.Slug)] = "federations.onboard.error.slug-taken";
            }
            var (field, reason) = FirstError(errors);
            lines.Add(new ImportLine(line, form.TownName, form.Slug, errors.Count == 0 ? LineOutcome.Pending : LineOutcome.Refused, ColumnOf(field), reason));
        }
        lines.Sort((a, b) => a.Line.CompareTo(b.Line));
        var import = new FederationImport
        {
            FederationId = federation.Id, CreatedBy = createdBy, FileName = Path.GetFileName(fileName) is { Length: > 0 and <= 255 } name ? name : "import.csv",
            Content = content, Total = lines.Count, CreatedAt = clock.GetUtcNow(),
        };
        Record(import, lines);
        db.Add(import);
        await db.SaveChangesAsync(ct);
        return import;
    }

    /// <summary>Starts the import (once: a second start does nothing).</summary>
    public async Task<bool> StartAsync(FederationImport import, CancellationToken ct)
    {
        if (import.Status != ImportStatus.Previewed)
        {
            return false;
        }
        import.Status = ImportStatus.Running;
        import.StartedAt = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await jobs.EnqueueAsync(NextJob(import.Id, 0), ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    internal static JobRequest NextJob(Guid importId, int chunk) => new(JobKind, new BulkOnboardingPayload(importId, chunk))
    {
        IdempotencyKey = $"{JobKind}:{importId}:{chunk}",
        Label = $"Bulk onboarding {importId} (chunk {chunk + 1})",
    };

    /// <summary>Onboards the pending lines of chunk <paramref name="chunk"/>; queues the next chunk, or ends the import.</summary>
    public async Task RunChunkAsync(Guid importId, int chunk, CancellationToken ct)
    {
        var import = await db.Set<FederationImport>().FirstOrDefaultAsync(i => i.Id == importId, ct);
        if (import is null || import.Status != ImportStatus.Running)
        {
            return;
        }
        var federation = await db.Set<Federation>().FirstAsync(f => f.Id == import.FederationId, ct);
        var lines = LinesOf(import).ToList();
        var forms = Parse(import.Content, []).ToDictionary(f => f.Line, f => f.Form);
        var pending = lines.Select((l, i) => (l, i)).Where(x => x.l.Outcome == LineOutcome.Pending).Take(ChunkSize).ToList();
        foreach (var (line, i) in pending)
        {
            OnboardingResult result;
            try
            {
                result = await onboarding.OnboardAsync(federation, forms[line.Line], import.CreatedBy, ct, import.Id);
            }
            catch (DbUpdateException)
            {
                // Another line or instance took the address meanwhile: reported, the rest goes on.
                db.ChangeTracker.Clear();
                result = new OnboardingResult(null, new Dictionary<string, string> { [nameof(OnboardingForm.Slug)] = "federations.onboard.error.slug-taken" });
            }
            var (field, reason) = FirstError(result.Errors);
            lines[i] = line with
            {
                Outcome = result.AlreadyThere ? LineOutcome.AlreadyThere : result.Succeeded ? LineOutcome.Created : LineOutcome.Refused,
                Field = ColumnOf(field), Reason = reason,
            };
        }
        // Saved with a fresh read of the row: the recorded outcomes are what makes a re-run of this chunk do nothing.
        db.ChangeTracker.Clear();
        import = await db.Set<FederationImport>().FirstAsync(i => i.Id == importId, ct);
        Record(import, lines);
        var more = lines.Any(l => l.Outcome == LineOutcome.Pending);
        if (!more)
        {
            import.Status = ImportStatus.Done;
            import.FinishedAt = clock.GetUtcNow();
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (more)
        {
            await jobs.EnqueueAsync(NextJob(importId, chunk + 1), ct);
        }
        await transaction.CommitAsync(ct);
    }

    private static void Record(FederationImport import, List<ImportLine> lines)
    {
        import.Lines = JsonSerializer.Serialize(lines, Json);
        import.Total = lines.Count;
        import.Created = lines.Count(l => l.Outcome == LineOutcome.Created);
        import.AlreadyThere = lines.Count(l => l.Outcome == LineOutcome.AlreadyThere);
        import.Refused = lines.Count(l => l.Outcome == LineOutcome.Refused);
        import.Processed = lines.Count(l => l.Outcome != LineOutcome.Pending);
    }

    private static (string? Field, string? Reason) FirstError(IReadOnlyDictionary<string, string> errors) =>
        errors.Count == 0 ? (null, null) : (errors.First().Key, errors.First().Value);

    private static string? ColumnOf(string? field) => field switch
    {
        null => null,
        nameof(OnboardingForm.TownName) => "town",
        nameof(OnboardingForm.Slug) => "slug",
        nameof(OnboardingForm.CountryCode) => "country",
        nameof(OnboardingForm.DefaultCulture) => "language",
        nameof(OnboardingForm.TimeZoneId) => "time_zone",
        nameof(OnboardingForm.Modules) => "modules",
        nameof(OnboardingForm.AdminEmail) => "admin_email",
        nameof(OnboardingForm.AdminName) => "admin_name",
        _ => field,
    };

    /// <summary>The file's lines as forms (by line number); what cannot be read at all is added to <paramref name="bad"/>.</summary>
    public static List<(int Line, OnboardingForm Form)> Parse(string content, List<ImportLine> bad)
    {
        var forms = new List<(int, OnboardingForm)>();
        content = content.TrimStart('\uFEFF');
        if (string.IsNullOrWhiteSpace(content) || content.Contains('\0', StringComparison.Ordinal))
        {
            bad.Add(new ImportLine(1, null, null, LineOutcome.Refused, "", "federations.import.error.empty"));
            return forms;
        }
        var firstLine = content.Split('\n', 2)[0];
        var delimiter = firstLine.Contains(';', StringComparison.Ordinal) && !firstLine.Contains(',', StringComparison.Ordinal) ? ';' : ',';
        try
        {
            using var csv = CsvReader.FromText(content, new CsvReaderOptions
            {
                Separator = delimiter, TrimWhitespace = true, TrackLineNumbers = true, MalformedData = CsvMalformedDataHandling.Throw,
                FormatProvider = System.Globalization.CultureInfo.InvariantCulture,
            });
            csv.ReadHeader();
            var header = csv.Headers.Select(h => h.Trim().ToLowerInvariant()).ToArray();
            foreach (var unknown in header.Where(h => !Columns.Contains(h)))
            {
                bad.Add(new ImportLine(1, null, null, LineOutcome.Refused, unknown, "federations.import.error.column"));
            }
            foreach (var required in RequiredColumns.Where(c => !header.Contains(c)))
            {
                bad.Add(new ImportLine(1, null, null, LineOutcome.Refused, required, "federations.import.error.missing-column"));
            }
            if (bad.Count > 0)
            {
                return forms;
            }
            while (csv.Read())
            {
                var line = (int)csv.LineNumber;
                var cells = Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i)).ToArray();
                if (cells.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }
                if (forms.Count >= MaxLines)
                {
                    bad.Add(new ImportLine(line, null, null, LineOutcome.Refused, "", "federations.import.error.too-many"));
                    break;
                }
                string? Cell(string column)
                {
                    var i = Array.IndexOf(header, column);
                    return i >= 0 && i < cells.Length && !string.IsNullOrWhiteSpace(cells[i])
                        ? TwinningCloud.Web.Platform.ImportExport.CsvFormulaGuard.Restore(cells[i].Trim()) : null;
                }
                var form = new OnboardingForm
                {
                    TownName = Cell("town"), Slug = Cell("slug"), CountryCode = Cell("country"),
                    DefaultCulture = Cell("language")?.ToLowerInvariant() ?? SupportedCultures.French,
                    TimeZoneId = Cell("time_zone") ?? "Europe/Paris",
                    AdminEmail = Cell("admin_email"), AdminName = Cell("admin_name"),
                };
                if (Cell("modules") is { } modules)
                {
                    form.Modules = modules.Split([';', '|', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
                }
                else
                {
                    form.Modules = [ModuleKeys.Agreements, ModuleKeys.FederationDirectory];
                }
                forms.Add((line, form));
            }
        }
        catch (CsvFormatException e)
        {
            bad.Add(new ImportLine(e.LineNumber > 0 ? (int)e.LineNumber : 1, null, null, LineOutcome.Refused, "", "federations.import.error.unreadable"));
        }
        return forms;
    }
}

public sealed record BulkOnboardingPayload(Guid ImportId, int Chunk);

/// <summary>One chunk of a bulk onboarding (platform job: it creates towns, each in its own context).</summary>
public sealed class BulkOnboardingJob(BulkOnboarding bulk) : IJobHandler
{
    public Task RunAsync(JobContext job, CancellationToken ct)
    {
        var payload = job.Read<BulkOnboardingPayload>();
        return bulk.RunChunkAsync(payload.ImportId, payload.Chunk, ct);
    }
}
