using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Platform.ImportExport;

public enum ImportOutcome
{
    Created,
    Updated,
    Unchanged,
}

public sealed record ImportItem(RecordKind Kind, int Line, string Name, ImportOutcome Outcome);

/// <summary>What an import would do (preview) or did (apply): each record's outcome, and every bad line.</summary>
public sealed class ImportReport
{
    public List<ImportError> Errors { get; } = [];
    public List<ImportItem> Items { get; } = [];
    public bool Applied { get; set; }
    public bool HasErrors => Errors.Count > 0;

    public int Count(ImportOutcome outcome) => Items.Count(i => i.Outcome == outcome);

    public int Count(RecordKind kind, ImportOutcome outcome) => Items.Count(i => i.Kind == kind && i.Outcome == outcome);
}

/// <summary>
/// Checks an import file against the town's data and applies it, all or nothing. The same code plans the preview and the
/// apply: each kind of record (in the order of <see cref="TownRecordKinds.All"/>: partner cities before the agreements that
/// name them) loads the town's rows tracked, writes the file's values onto them through its module's editor (or adds new
/// rows), and the outcome is read from the change tracker. Preview never saves; apply saves once (one transaction) only
/// when no line is bad.
/// </summary>
public sealed class RecordImporter(AppDbContext db, TownRecordKinds kinds, IServiceProvider services)
{
    public Task<ImportReport> PreviewAsync(string fileName, string content, CancellationToken ct) =>
        PlanAsync(ImportFileReader.Read(fileName, content, kinds), ct);

    public async Task<ImportReport> ApplyAsync(string fileName, string content, CancellationToken ct)
    {
        var report = await PlanAsync(ImportFileReader.Read(fileName, content, kinds), ct);
        if (report.HasErrors)
        {
            db.ChangeTracker.Clear();
            return report;
        }
        await db.SaveChangesAsync(ct);
        report.Applied = true;
        return report;
    }

    private async Task<ImportReport> PlanAsync(ParsedFile file, CancellationToken ct)
    {
        var plan = new ImportPlan(db, services);
        plan.Report.Errors.AddRange(file.Errors);
        if (file.Records.Count > ImportFormat.MaxRecords)
        {
            // Refused whole, before anything is planned: one error at the first record over the cap.
            plan.Report.Errors.Add(new ImportError(file.Records[ImportFormat.MaxRecords].Line, "", "pub.error.too-many-records"));
            return plan.Report;
        }
        foreach (var kind in kinds.On)
        {
            var records = file.Records.Where(r => r.Kind == kind).ToList();
            if (records.Count > 0)
            {
                await kind.PlanAsync(plan, records, ct);
            }
        }
        plan.Report.Errors.Sort((a, b) => a.Line.CompareTo(b.Line));
        return plan.Report;
    }
}

/// <summary>
/// One import being planned, as the kinds of record see it: the report, the request's services (the modules' editors), what
/// one kind leaves for the next (the partner cities of the file, for its agreements), and the helpers every kind uses.
/// </summary>
public sealed class ImportPlan(AppDbContext db, IServiceProvider services)
{
    private readonly Dictionary<Type, object> shared = [];

    public ImportReport Report { get; } = new();

    public IServiceProvider Services { get; } = services;

    /// <summary>The import's one instance of <typeparamref name="T"/>, shared by the kinds of one module.</summary>
    public T Shared<T>()
        where T : class, new() => (T)(shared.TryGetValue(typeof(T), out var value) ? value : shared[typeof(T)] = new T());

    /// <summary>Reads a record's cells; each cell that does not parse is a bad line of the report.</summary>
    public FieldChecks Cells(ImportRecord record) => new(record, Report.Errors);

    /// <summary>How many bad lines the report has so far (to tell whether a record added one).</summary>
    public int ErrorCount => Report.Errors.Count;

    /// <summary>
    /// Reports an editor's errors on the record's line, each in the file's column of the field (a column that already has a
    /// parse error keeps that one); true when there were any.
    /// </summary>
    public bool Refused(FieldChecks cells, ImportRecord record, IReadOnlyDictionary<string, string> editorErrors)
    {
        var taken = Report.Errors.Where(e => e.Line == record.Line).Select(e => e.Field).ToHashSet(StringComparer.Ordinal);
        foreach (var (field, key) in editorErrors)
        {
            var column = record.Kind.Column(field);
            if (taken.Add(column))
            {
                cells.Fail(column, key);
            }
        }
        return editorErrors.Count > 0;
    }

    /// <summary>
    /// Records what the file does to <paramref name="entity"/> (added to the context when <paramref name="created"/>; already
    /// tracked otherwise): created, updated (a changed column, or <paramref name="partsChanged"/> for its child rows) or unchanged.
    /// </summary>
    public void Planned(ImportRecord record, string name, object entity, bool created, bool partsChanged = false) =>
        Report.Items.Add(new ImportItem(record.Kind, record.Line, name, Outcome(entity, created, partsChanged)));

    private ImportOutcome Outcome(object entity, bool created, bool partsChanged)
    {
        if (created)
        {
            return ImportOutcome.Created;
        }
        var entry = db.Entry(entity);
        entry.DetectChanges();
        if (entry.State != EntityState.Modified && !partsChanged)
        {
            return ImportOutcome.Unchanged;
        }
        entry.Property("UpdatedAt").CurrentValue = DateTimeOffset.UtcNow;
        return ImportOutcome.Updated;
    }
}
