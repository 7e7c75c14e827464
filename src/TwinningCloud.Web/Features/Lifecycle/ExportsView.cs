namespace TwinningCloud.Web.Features.Lifecycle;

/// <summary>A town's exports as both pages show them (operator console, town admin): <c>_Exports.cshtml</c>.</summary>
/// <param name="DownloadBase">The address an export's id is appended to, to download it.</param>
/// <param name="ProgressUrl">The page handler that answers the exports' progress as JSON (for <c>town-archive.js</c>).</param>
public sealed record ExportsView(IReadOnlyList<TenantExport> Exports, string DownloadBase, string ProgressUrl, DateTimeOffset Now)
{
    public bool AnyRunning => Exports.Any(e => e.State is ExportState.Queued or ExportState.Running);

    public static object Progress(IEnumerable<TenantExport> exports) =>
        exports.Select(e => new { id = e.Id, state = e.State.ToString(), progress = e.Progress }).ToList();
}
