using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TwinningCloud.Web.Features.Register.Outputs;

/// <summary>The public printable list of twinnings and cooperation agreements (public items only), with a PDF twin at /list.pdf.</summary>
[AllowAnonymous]
public sealed class ListModel(PrintableList list) : PageModel
{
    public IReadOnlyList<PrintableList.CityGroup> Groups { get; private set; } = [];

    public async Task OnGetAsync() => Groups = await list.BuildAsync(HttpContext.RequestAborted);
}
