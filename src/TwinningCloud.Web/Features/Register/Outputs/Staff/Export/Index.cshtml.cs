using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TwinningCloud.Web.Features.Register.Outputs.Staff.Export;

/// <summary>Staff's downloads of the register (CSV, JSON; internal items included) and links to the printable list and feed.</summary>
public sealed class ExportModel : PageModel
{
    public void OnGet()
    {
    }
}
