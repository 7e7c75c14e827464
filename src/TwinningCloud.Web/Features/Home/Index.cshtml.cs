using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Features.Register.Public;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Home;

/// <summary>A tenant's public home page: what the town shares with the world, by module, and (with the agreements module) a summary and the map.</summary>
[AllowAnonymous]
[TwinningCloud.Web.Platform.Caching.PublicPageCache]
public sealed class HomeModel(TenantContext tenantContext, ModuleCatalog modules, PublicRegister register) : PageModel
{
    public IReadOnlyList<MenuEntry> Sections { get; private set; } = [];

    /// <summary>Null when the tenant does not have the agreements module.</summary>
    public RegisterSummary? Summary { get; private set; }

    public async Task OnGetAsync()
    {
        var tenant = tenantContext.Required;
        Sections = modules.PublicMenuFor(tenant).ToList();
        if (tenant.HasModule(ModuleKeys.Agreements))
        {
            var ct = HttpContext.RequestAborted;
            var all = PublicFilter.From(null, null);
            var agreements = await register.AgreementsAsync(all, ct);
            Summary = new RegisterSummary(
                PublicRegister.TwinnedCities(agreements),
                agreements.Count,
                agreements.Where(a => a.SignedOn is not null).OrderByDescending(a => a.SignedOn).Take(3).ToList(),
                await register.CitiesAsync(all, ct));
        }
    }

    public sealed record RegisterSummary(int TwinnedCities, int Agreements, IReadOnlyList<PublicAgreement> Latest, IReadOnlyList<PartnerCity> Cities);
}
