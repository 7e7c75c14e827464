using System.Text.RegularExpressions;

namespace TwinningCloud.Web.Platform.Tenancy;

/// <summary>Rules for the slug that names a tenant in URLs.</summary>
public static partial class TenantSlug
{
    /// <summary>First path segments the platform uses itself; no tenant may take them.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "platform", "api", "health", "openapi", "swagger", "error", "lib", "css", "js", "img", "images",
        "assets", "static", "favicon.ico", "robots.txt", "theme.css", "logo", "account", "admin", "www",
        "federations", "federation", "jobs", "culture", "sign-in", "sign-out",
    };

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsWellFormed(string? slug) => slug is not null && Pattern().IsMatch(slug);

    public static bool IsAllowed(string? slug) => IsWellFormed(slug) && !Reserved.Contains(slug!);
}
