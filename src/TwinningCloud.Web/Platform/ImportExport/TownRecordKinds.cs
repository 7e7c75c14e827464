namespace TwinningCloud.Web.Platform.ImportExport;

/// <summary>
/// The kinds of record the product knows (every module's, in module order: the order of an import) and those a town has
/// (the kinds of the modules it has switched on): a file may only hold the town's kinds.
/// </summary>
public sealed class TownRecordKinds(IReadOnlyList<RecordKind> all, IReadOnlyList<RecordKind> on)
{
    public IReadOnlyList<RecordKind> All { get; } = all;

    public IReadOnlyList<RecordKind> On { get; } = on;

    public bool IsOn(RecordKind kind) => On.Contains(kind);
}
