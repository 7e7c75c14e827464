namespace TwinningCloud.Web.Platform.Tenancy;

/// <summary>Runs work outside a request (jobs, command-line actions, seeding) inside one tenant's context.</summary>
internal static class TenantScopes
{
    /// <summary>Creates a DI scope whose <see cref="TenantContext"/> is <paramref name="tenant"/> and runs <paramref name="work"/> in it.</summary>
    public static async Task<T> RunInTenantAsync<T>(this IServiceScopeFactory scopes, TenantInfo tenant, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        return await work(scope.ServiceProvider);
    }

    public static Task RunInTenantAsync(this IServiceScopeFactory scopes, TenantInfo tenant, Func<IServiceProvider, Task> work) =>
        scopes.RunInTenantAsync(tenant, async sp => { await work(sp); return true; });
}
