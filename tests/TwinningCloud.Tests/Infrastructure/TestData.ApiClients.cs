using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Web.Features.ApiClients;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Infrastructure;

public sealed partial class TestData
{
    /// <summary>Registers an API client of <paramref name="tenant"/> through the app's registry; returns its client id, secret and row id.</summary>
    public async Task<(string ClientId, string Secret, Guid Id)> AddApiClientAsync(TenantInfo tenant, string name, string[] scopes, int? requestsPerMinute = null)
    {
        var result = await services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(tenant, sp =>
            sp.GetRequiredService<ApiClientRegistry>().CreateAsync(new ApiClientInput(name, scopes, null, requestsPerMinute), null, CancellationToken.None));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => $"{e.Key}: {e.Value}")));
        return (result.Client!.ClientId, result.Secret!, result.Client.Id);
    }

    /// <summary>Registers an application acting for a person (authorization code + PKCE); the secret is null for a public client.</summary>
    public async Task<(string ClientId, string? Secret, Guid Id)> AddPersonAppAsync(TenantInfo tenant, string name, string[] scopes, string redirectUri, bool isPublic = true)
    {
        var result = await services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(tenant, sp =>
            sp.GetRequiredService<ApiClientRegistry>().CreateAsync(new ApiClientInput(name, scopes, null, null, ApiClientKind.Person, redirectUri, isPublic), null, CancellationToken.None));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => $"{e.Key}: {e.Value}")));
        return (result.Client!.ClientId, result.Secret, result.Client.Id);
    }
}
