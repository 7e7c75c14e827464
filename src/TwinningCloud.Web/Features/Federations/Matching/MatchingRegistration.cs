using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Matching;

/// <summary>
/// Partner matching ("cities seeking cities"): a town's search and its suggestions, contacts relayed between towns
/// (town staff pages under <c>/admin/federations/partners</c>, module "federation directory"), and the towns seeking
/// partners beside a federation's public directory (<c>/federations/{slug}/directory/seeking</c>).
/// </summary>
public static class MatchingRegistration
{
    public static IServiceCollection AddPartnerMatching(this IServiceCollection services)
    {
        services.AddScoped<PartnerSuggestions>();
        services.AddScoped<PartnerContacts>();
        services.AddJobHandler<PartnerContactMail>(PartnerContactMail.Kind);
        services.Configure<RazorPagesOptions>(o =>
        {
            o.Conventions.AuthorizeFolder("/Federations/Matching/Town", Policies.TenantStaff);
            // The town's partner search belongs to the module (Features/Federations is its page folder): 404 where it is off.
            o.Conventions.AddFolderApplicationModelConvention("/Federations/Matching/Public", m => m.EndpointMetadata.Add(new EndpointScopeAttribute(EndpointScope.Platform)));
            o.Conventions.AllowAnonymousToFolder("/Federations/Matching/Public");
        });
        return services;
    }
}
