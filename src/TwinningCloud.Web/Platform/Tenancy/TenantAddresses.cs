using System.Collections.Frozen;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace TwinningCloud.Web.Platform.Tenancy;

/// <summary>
/// The platform's and the towns' absolute addresses, for every link that leaves the request (mails, jobs,
/// feeds), built from configuration only — never from the request's <c>Host</c> (which a client chooses).
/// The platform: configuration <c>Site:PublicOrigin</c> (e.g. <c>https://twinning.example.org</c>), else the
/// address this server listens on (the embedded default and tests). A town: its first configured host name
/// (with the origin's scheme), else the platform origin and the town's path.
/// </summary>
public sealed class PublicOrigin(IConfiguration configuration, IServer server)
{
    /// <summary>The names by which the machine reaches itself; allowed without a configured origin.</summary>
    private static readonly FrozenSet<string> LoopbackNames =
        new[] { "localhost", "127.0.0.1", "[::1]", "::1" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private FrozenSet<string>? _listeningHosts;

    /// <summary>True when <c>Site:PublicOrigin</c> is set (every deployment sets it).</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(configuration["Site:PublicOrigin"]);

    /// <summary>The platform's origin, without a trailing slash: <c>https://twinning.example.org</c>.</summary>
    public string Value
    {
        get
        {
            var configured = configuration["Site:PublicOrigin"];
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return configured.Trim().TrimEnd('/');
            }
            if (_listeningOrigin is { } known)
            {
                return known;
            }
            var listening = ListeningAddresses().FirstOrDefault();
            var origin = (listening ?? "http://localhost:5080").Replace("[::]", "localhost", StringComparison.Ordinal)
                .Replace("0.0.0.0", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal)
                .Replace("*", "localhost", StringComparison.Ordinal).TrimEnd('/');
            if (listening is not null)
            {
                _listeningOrigin = origin; // the server's addresses never change once it listens (and reading them takes a lock)
            }
            return origin;
        }
    }

    private string? _listeningOrigin;

    /// <summary>The host name of <see cref="Value"/> (<c>twinning.example.org</c>).</summary>
    public string Host => new Uri(Value).Host;

    /// <summary>The town's site: its first host name (same scheme as the origin), else the platform origin and the town's path; the platform origin for no town.</summary>
    public string Of(TenantInfo? tenant)
    {
        var origin = Value;
        if (tenant is null)
        {
            return origin;
        }
        if (tenant.Hosts.Count > 0)
        {
            var scheme = new Uri(origin).Scheme;
            return $"{scheme}://{tenant.Hosts[0]}";
        }
        return $"{origin}/{tenant.Slug}";
    }

    /// <summary>
    /// An absolute link to <paramref name="pathAndQuery"/> (<c>/account/set-password?…</c>, relative to the
    /// town's site, or the platform's for no town): the one helper for links in mails and other messages.
    /// </summary>
    public string Link(TenantInfo? tenant, string pathAndQuery) =>
        Of(tenant) + (pathAndQuery.StartsWith('/') ? pathAndQuery : "/" + pathAndQuery);

    /// <summary>
    /// Whether <paramref name="host"/> (a host name without port, any case) is the platform's own: the host of
    /// <c>Site:PublicOrigin</c> when it is configured; otherwise a loopback name (<c>localhost</c>,
    /// <c>127.0.0.1</c>, <c>[::1]</c>) or the host of an address this server listens on explicitly.
    /// </summary>
    public bool IsPlatformHost(string host)
    {
        if (IsConfigured)
        {
            return string.Equals(host, Host, StringComparison.OrdinalIgnoreCase);
        }
        return LoopbackNames.Contains(host) || ListeningHosts().Contains(host);
    }

    /// <summary>Whether a town may be given <paramref name="host"/>: never the platform's own host (nor a loopback name).</summary>
    public bool IsReservedForPlatform(string host) =>
        LoopbackNames.Contains(host) || string.Equals(host, Host, StringComparison.OrdinalIgnoreCase) || ListeningHosts().Contains(host);

    private IEnumerable<string> ListeningAddresses() =>
        server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];

    private FrozenSet<string> ListeningHosts()
    {
        var hosts = _listeningHosts;
        if (hosts is not null)
        {
            return hosts;
        }
        var addresses = ListeningAddresses().ToList();
        hosts = addresses
            .Select(a => Uri.TryCreate(a, UriKind.Absolute, out var uri) ? uri.Host : null)
            .OfType<string>()
            .Where(h => h is not ("0.0.0.0" or "[::]" or "+" or "*") && h.Length > 0)
            .ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        if (addresses.Count > 0)
        {
            _listeningHosts = hosts; // known once the server listens; never changes afterwards
        }
        return hosts;
    }
}
