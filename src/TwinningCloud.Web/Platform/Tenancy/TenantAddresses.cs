namespace TwinningCloud.Web.Platform.Tenancy;

/// <summary>Absolute addresses of a tenant's site (or of the platform), for links sent by email.</summary>
public static class TenantAddresses
{
    /// <summary>
    /// <c>https://international.marseille.fr</c> for a tenant with a host name (the current host when it is
    /// one of them), <c>https://platform.example/marseille</c> in path mode, the platform root without a tenant.
    /// </summary>
    public static string BaseOf(HttpRequest request, TenantInfo? tenant)
    {
        var origin = $"{request.Scheme}://{request.Host}";
        if (tenant is null)
        {
            return origin;
        }
        if (tenant.Hosts.Count > 0)
        {
            return tenant.Hosts.Contains(request.Host.Host) ? origin : $"{request.Scheme}://{tenant.Hosts[0]}";
        }
        return $"{origin}/{tenant.Slug}";
    }
}
