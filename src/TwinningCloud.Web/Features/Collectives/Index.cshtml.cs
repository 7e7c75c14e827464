using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TwinningCloud.Web.Features.Collectives;

[AllowAnonymous]
public sealed class CollectivesIndexModel(PublicCollectives collectives) : PageModel
{
    public IReadOnlyList<PublicCollectives.Card> Cards { get; private set; } = [];

    public async Task OnGetAsync() => Cards = await collectives.AllAsync(null, HttpContext.RequestAborted);
}
