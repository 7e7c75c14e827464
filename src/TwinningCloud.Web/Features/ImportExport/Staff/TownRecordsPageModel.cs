using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Platform.ImportExport;

namespace TwinningCloud.Web.Features.ImportExport.Staff;

/// <summary>The import and export pages: the kinds of record of the town's modules, and no page where there is none.</summary>
public abstract class TownRecordsPageModel(TownRecordKinds kinds) : PageModel
{
    /// <summary>The kinds of record the town has (its modules'), in the order of an import.</summary>
    public IReadOnlyList<RecordKind> Kinds => kinds.On;

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (kinds.On.Count == 0)
        {
            context.Result = NotFound();
        }
    }
}
