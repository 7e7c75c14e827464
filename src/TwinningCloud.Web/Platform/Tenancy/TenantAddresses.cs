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

/// <summary>
/// The platform's public address for links in mails sent outside a request (jobs): configuration
/// <c>Site:PublicOrigin</c> (e.g. <c>https://twinning.example.org</c>), else the address this server listens on.
/// </summary>
public sealed class PublicOrigin(IConfiguration configuration, Microsoft.AspNetCore.Hosting.Server.IServer server)
{
    public string Value
    {
        get
        {
            var configured = configuration["Site:PublicOrigin"];
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return configured.TrimEnd('/');
            }
            var listening = server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            return (listening ?? "http://localhost:5080").Replace("[::]", "localhost", StringComparison.Ordinal)
                .Replace("0.0.0.0", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal).TrimEnd('/');
        }
    }

    /// <summary>The tenant's site: its first host name (same scheme), else the platform origin and the tenant's path.</summary>
    public string Of(TenantInfo tenant)
    {
        var origin = Value;
        if (tenant.Hosts.Count > 0)
        {
            var scheme = new Uri(origin).Scheme;
            return $"{scheme}://{tenant.Hosts[0]}";
        }
        return $"{origin}/{tenant.Slug}";
    }
}
