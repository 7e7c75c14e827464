using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Town;

/// <summary>A town's admins answer the federations that invite it, leave one, or take the town out of a federation's directory.</summary>
public sealed class TownFederationsModel(FederationMembers members, TenantContext tenantContext) : PageModel
{
    public IReadOnlyList<(FederationMember Member, Federation Federation)> Memberships { get; private set; } = [];

    public async Task OnGetAsync() =>
        Memberships = await members.OfTownAsync(tenantContext.Required.Id, HttpContext.RequestAborted);

    public Task<IActionResult> OnPostAcceptAsync(Guid id) => ChangeAsync(id, m => m.Status == MemberStatus.Invited, m => m.Status = MemberStatus.Accepted);

    public Task<IActionResult> OnPostDeclineAsync(Guid id) => ChangeAsync(id, m => m.Status == MemberStatus.Invited, m => m.Status = MemberStatus.Declined);

    public Task<IActionResult> OnPostLeaveAsync(Guid id) => ChangeAsync(id, m => m.Status == MemberStatus.Accepted, m => m.Status = MemberStatus.Left);

    public Task<IActionResult> OnPostListedAsync(Guid id, bool listed) => ChangeAsync(id, _ => true, m => m.ListedInDirectory = listed);

    public Task<IActionResult> OnPostShareAsync(Guid id, bool share) => ChangeAsync(id, _ => true, m => m.ShareRenewalDates = share);

    private async Task<IActionResult> ChangeAsync(Guid id, Func<FederationMember, bool> allowed, Action<FederationMember> change)
    {
        var refused = false;
        var found = await members.UpdateAsync(tenantContext.Required.Id, id, m =>
        {
            if (allowed(m))
            {
                change(m);
            }
            else
            {
                refused = true;
            }
        }, HttpContext.RequestAborted);
        if (!found)
        {
            return NotFound();
        }
        if (refused)
        {
            return StatusCode(StatusCodes.Status409Conflict);
        }
        return RedirectToPage();
    }
}
