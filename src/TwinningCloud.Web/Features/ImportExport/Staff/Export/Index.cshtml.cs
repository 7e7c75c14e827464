using TwinningCloud.Web.Platform.ImportExport;

namespace TwinningCloud.Web.Features.ImportExport.Staff.Export;

/// <summary>Staff's downloads of the town's records (a CSV per kind, everything as JSON; internal items included).</summary>
public sealed class ExportModel(TownRecordKinds kinds) : TownRecordsPageModel(kinds)
{
    public void OnGet()
    {
    }
}
