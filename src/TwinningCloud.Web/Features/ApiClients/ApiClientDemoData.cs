using TwinningCloud.Web.Platform.Demo;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.ApiClients;

/// <summary>
/// The demo town's API client, from <c>Seed:ApiClients:{slug}</c> (<c>ClientId</c>, <c>Secret</c>, <c>Scopes</c>,
/// <c>Name</c>) — in <c>appsettings.Development.json</c> only, like the demo accounts — so that the README's curl
/// example works on the embedded default.
/// </summary>
internal sealed class ApiClientDemoData(IConfiguration configuration, ILogger<ApiClientDemoData> logger) : IDemoDataContributor
{
    public async Task SeedAsync(TenantInfo tenant, IServiceProvider tenantServices, CancellationToken ct)
    {
        var section = configuration.GetSection($"Seed:ApiClients:{tenant.Slug}");
        if (section["ClientId"] is not { Length: > 0 } clientId || section["Secret"] is not { Length: > 0 } secret)
        {
            return;
        }
        var scopes = (section["Scopes"] ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var result = await tenantServices.GetRequiredService<ApiClientRegistry>().CreateAsync(
            new ApiClientInput(section["Name"] ?? "Demo integration", scopes, null, null), null, ct, (clientId, secret));
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"The demo API client of {tenant.Slug} is invalid: {string.Join("; ", result.Errors.Select(e => $"{e.Key} {e.Value}"))}");
        }
        logger.LogInformation("Demo API client {ClientId} created for {Tenant}", clientId, tenant.Slug);
    }
}
