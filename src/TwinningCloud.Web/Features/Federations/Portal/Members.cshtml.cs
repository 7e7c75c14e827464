using Microsoft.AspNetCore.Mvc;
using TwinningCloud.Web.Features.Federations.Directory;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Portal;

/// <summary>One member town on the portal: its site and how many public partnerships it shows in the directory.</summary>
public sealed record PortalMember(TenantInfo Town, string Site, int Partnerships);

/// <summary>
/// The portal's members and their map: the towns listed in the federation's directory (the same rule and the same live
/// data: <see cref="FederationDirectory"/>), each with its site and its count of public partnerships; the towns whose
/// position the operator gave are pinned on the offline world map.
/// </summary>
public sealed class PortalMembersModel(FederationDirectory directory, PublicOrigin origin) : PortalPageModel(directory)
{
    /// <summary>Towns listed on the page (a limit on the list; the directory holds them all).</summary>
    public const int MaxShown = 3_000;

    private readonly FederationDirectory _directory = directory;

    public IReadOnlyList<PortalMember> Members { get; private set; } = [];
    public int Total { get; private set; }
    public override string Current => "portal/members";

    public async Task<IActionResult> OnGetAsync(string federation)
    {
        if (!await FindAsync(federation))
        {
            return NotFound();
        }
        var index = await _directory.IndexAsync(Federation, HttpContext.RequestAborted);
        var counts = index.Rows.GroupBy(r => r.TenantId).ToDictionary(g => g.Key, g => g.Count());
        Total = index.Members.Count;
        Members = index.Members.Values
            .OrderBy(m => m.Tenant.DisplayName, StringComparer.Create(System.Globalization.CultureInfo.CurrentCulture, true))
            .Take(MaxShown)
            .Select(m => new PortalMember(m.Tenant, origin.Of(m.Tenant), counts.GetValueOrDefault(m.Tenant.Id)))
            .ToList();
        return Page();
    }
}
