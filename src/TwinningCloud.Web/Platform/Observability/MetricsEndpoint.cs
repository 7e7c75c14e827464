using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Observability;

/// <summary>
/// The Prometheus scrape endpoint (<see cref="ObservabilityOptions.MetricsPath"/>, <c>/platform/metrics</c>): a signed-in
/// platform operator, or a request from one of the networks of <see cref="ObservabilityOptions.MetricsNetworks"/> (the
/// scrapers', CIDR notation). Anyone else gets the 404 page, as for an address that does not exist (not advertised, no
/// sign-in redirect). The client address is the connection's, or the one a trusted proxy forwarded (forwarded headers).
/// </summary>
internal static class MetricsEndpoint
{
    public const string Policy = "metrics-scrape";

    public static AuthorizationBuilder AddMetricsPolicy(this AuthorizationBuilder authorization) =>
        authorization.AddPolicy(Policy, p => p.RequireAssertion(context =>
            context.User.IsInRole(Roles.PlatformOperator)
            || (context.Resource is HttpContext http && http.RequestServices.GetRequiredService<MetricsNetworks>().Admits(http.Connection.RemoteIpAddress))));

    /// <summary>Before authorization (like Hangfire's dashboard gate): anyone the policy refuses gets a plain 404 here.</summary>
    public static IApplicationBuilder UseMetricsGate(this IApplicationBuilder app)
    {
        var path = app.ApplicationServices.GetRequiredService<IOptions<ObservabilityOptions>>().Value.MetricsPath;
        _ = app.ApplicationServices.GetRequiredService<MetricsNetworks>(); // a malformed network stops the app at start, not at the first scrape
        return app.UseWhen(http => http.Request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase), gate => gate.Use(async (http, next) =>
        {
            var allowed = await http.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(http.User, http, Policy);
            if (!allowed.Succeeded)
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            await next(http);
        }));
    }

    public static WebApplication MapMetricsEndpoint(this WebApplication app)
    {
        var path = app.Services.GetRequiredService<IOptions<ObservabilityOptions>>().Value.MetricsPath;
        app.MapPrometheusScrapingEndpoint(path)
            .WithScope(EndpointScope.Platform)
            .RequireAuthorization(Policy);
        return app;
    }
}

/// <summary>The scrapers' networks (<c>Observability:MetricsNetworks</c>: a list of CIDR blocks such as <c>10.0.0.0/8</c> or <c>127.0.0.1/32</c>).</summary>
internal sealed class MetricsNetworks
{
    private readonly List<IPNetwork> _networks;

    public MetricsNetworks(IOptions<ObservabilityOptions> options)
    {
        _networks = options.Value.MetricsNetworks
            .Where(n => !string.IsNullOrWhiteSpace(n))
            .Select(n => IPNetwork.TryParse(n.Trim(), out var network)
                ? network
                : throw new InvalidOperationException($"Observability:MetricsNetworks: '{n}' is not a network in CIDR notation (e.g. 10.0.0.0/8)."))
            .ToList();
    }

    public bool Admits(IPAddress? address)
    {
        if (address is null || _networks.Count == 0)
        {
            return false;
        }
        var v4 = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return _networks.Any(n => n.Contains(v4) || n.Contains(address));
    }
}
