using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Platform.ImportExport;

namespace TwinningCloud.Web.Features.ImportExport.Staff.Export;

/// <summary>Staff's downloads of the town's records (a CSV per kind, everything as JSON; internal items included).</summary>
public sealed class ExportModel(TownRecordKinds kinds) : PageModel
{
    /// <summary>The kinds of record of the town's modules.</summary>
    public IReadOnlyList<RecordKind> Kinds => kinds.On;

    /// <summary>No page where no module of the town has records to export.</summary>
    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (kinds.On.Count == 0)
        {
            context.Result = NotFound();
        }
    }

    public void OnGet()
    {
    }
}
