namespace TwinningCloud.Web.Platform.ImportExport;

/// <summary>
/// A kind of record a module lets a town's staff import and export (partner cities, agreements, network memberships), declared
/// by the module (<see cref="Modules.PlatformModule.RecordKinds"/>). The kind describes its place in the town's file format
/// (README in <c>Features/Register/Outputs</c>) — columns, list columns, JSON section, CSV file name — and does its own work:
/// the rows it exports, and how an import's records become its entities through the module's editors (the same inputs and
/// the same validation as the forms and the API). The platform reads and writes the files, plans preview and apply (all or
/// nothing), maps <c>/admin/export/{FileName}.csv</c> in the module's endpoint group, and lists the kinds of the modules a town has.
/// Texts: <c>importexport.record.{Key}</c> (one record, in the preview) and <c>importexport.export.{FileName}</c> (the download).
/// </summary>
public abstract class RecordKind
{
    /// <summary>Stable key: <c>partner-city</c>; the preview's <c>data-kind</c> and the text <c>importexport.record.{Key}</c>.</summary>
    public abstract string Key { get; }

    /// <summary>The CSV download's name, <c>partner-cities</c> → <c>/admin/export/partner-cities.csv</c>.</summary>
    public abstract string FileName { get; }

    /// <summary>The JSON document's array of these records, <c>partner_cities</c>.</summary>
    public abstract string Section { get; }

    /// <summary>Every column, in the order of the export; list columns among them.</summary>
    public abstract IReadOnlyList<string> Columns { get; }

    /// <summary>The column that tells a CSV file of this kind from the others by its header (no other kind has it).</summary>
    public abstract string IdentifyingColumn { get; }

    /// <summary>Columns that hold lists (an agreement's partners, domains, history).</summary>
    public virtual IReadOnlyList<ListColumn> Lists => [];

    /// <summary>Columns written as JSON numbers (the others as strings).</summary>
    public virtual IReadOnlySet<string> NumberColumns { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Columns written as JSON booleans.</summary>
    public virtual IReadOnlySet<string> BooleanColumns { get; } = new HashSet<string>(StringComparer.Ordinal) { "public" };

    public ListColumn? List(string column) => Lists.FirstOrDefault(l => l.Name == column);

    /// <summary>The town's records of this kind, internal ones included, in a stable order.</summary>
    public abstract Task<IReadOnlyList<ExportRow>> ExportAsync(IServiceProvider services, CancellationToken ct);

    /// <summary>
    /// Checks the file's records of this kind against the town's data, through the module's editors, and writes them onto
    /// tracked entities (or adds new ones); reports each record's outcome and every bad line in <paramref name="plan"/>. Saves nothing.
    /// </summary>
    public abstract Task PlanAsync(ImportPlan plan, IReadOnlyList<ImportRecord> records, CancellationToken ct);

    /// <summary>
    /// The file's column of an editor's field, so that the editors' errors land where the person fixes them: by default
    /// <c>SinceYear</c> → <c>since_year</c> and <c>IsPublic</c> → <c>public</c>; a kind names its exceptions.
    /// </summary>
    public virtual string Column(string field) => field switch
    {
        "" => "",
        "IsPublic" => "public",
        _ => ImportFormat.Separated(field, '_'),
    };
}

/// <summary>
/// A column that holds a list. In CSV the items are separated by <see cref="Separator"/> (a backslash escapes it or itself)
/// and each item is written and read by <see cref="FormatCsv"/>/<see cref="ParseCsv"/>; in JSON the column is an array of
/// strings (one part) or of objects with the <see cref="Parts"/> as properties. An item is its parts' values, in order.
/// </summary>
/// <param name="RequiredParts">How many leading parts a JSON item must have (a partner: name and country).</param>
/// <param name="BadItemKey">The error text of an item that does not read (its text as the argument).</param>
/// <param name="ParseCsv">One CSV item as its parts; null when it does not read.</param>
public sealed record ListColumn(string Name, char Separator, IReadOnlyList<string> Parts, int RequiredParts, string BadItemKey,
    Func<string, string?[]?> ParseCsv, Func<IReadOnlyList<string?>, string> FormatCsv)
{
    /// <summary>How the export joins the items: "; " or " | ".</summary>
    public string Joiner => Separator is ',' or ';' ? $"{Separator} " : $" {Separator} ";

    /// <summary>A list of plain texts (an agreement's domain keys).</summary>
    public static ListColumn OfTexts(string name, char separator) =>
        new(name, separator, [name], 1, "importexport.error.not-a-list", item => [item], parts => parts[0] ?? "");
}

/// <summary>One exported record: its cells (by column, invariant formats), and its lists' items (by list column).</summary>
public sealed record ExportRow(IReadOnlyDictionary<string, string?> Fields, IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<string?>>> Lists)
{
    public ExportRow(IReadOnlyDictionary<string, string?> fields)
        : this(fields, new Dictionary<string, IReadOnlyList<IReadOnlyList<string?>>>())
    {
    }

    public IReadOnlyList<IReadOnlyList<string?>> List(string column) => Lists.GetValueOrDefault(column) ?? [];
}
