namespace TwinningCloud.Web.Platform.Tenancy;

/// <summary>What a module gives every new tenant (its standard vocabulary…), run inside the new tenant's context.</summary>
public interface ITenantInitializer
{
    Task InitializeAsync(TenantInfo tenant, IServiceProvider tenantServices, CancellationToken ct);
}

internal static class TenantInitialization
{
    /// <summary>Runs every module's <see cref="ITenantInitializer"/> for a tenant just created.</summary>
    public static async Task InitializeTenantAsync(this IServiceScopeFactory scopes, TenantInfo tenant, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        foreach (var initializer in scope.ServiceProvider.GetServices<ITenantInitializer>())
        {
            await scopes.RunInTenantAsync(tenant, sp => initializer.InitializeAsync(tenant, sp, ct));
        }
    }
}
