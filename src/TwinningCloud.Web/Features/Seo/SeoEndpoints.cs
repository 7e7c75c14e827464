using System.Text;
using System.Xml;
using TwinningCloud.Web.Features.Register.Public;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Seo;

/// <summary>
/// What search engines read: each town's <c>/sitemap.xml</c> (its public pages) and <c>/robots.txt</c> at the
/// platform's root and at each town's host name (staff, account and API addresses closed, the sitemaps named).
/// Every address is absolute and comes from configuration (<see cref="PublicOrigin"/>), never from the request's Host.
/// Only active, published towns are listed (a town in preparation has no sitemap and its robots.txt closes it).
/// </summary>
public static class SeoEndpoints
{
    /// <summary>The protocol's limit is 50,000 addresses a sitemap; partner city pages are cut well before.</summary>
    public const int MaxCityPages = 45_000;

    private static readonly string[] ClosedPaths = ["/admin", "/account", "/sign-in", "/sign-out", "/api/", "/calendar/"];

    public static IEndpointRouteBuilder MapSeo(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sitemap.xml", async (TenantContext tenantContext, PublicOrigin origin, ModuleCatalog modules, PublicRegister register, HttpContext http) =>
        {
            var tenant = tenantContext.Required;
            if (tenant.InPreparation)
            {
                return Results.NotFound(); // nothing to index before the town publishes
            }
            var site = origin.Of(tenant);
            var paths = new List<string> { "/" };
            paths.AddRange(modules.PublicMenuFor(tenant).Select(m => m.Path));
            if (tenant.HasModule(ModuleKeys.Agreements))
            {
                paths.Add("/list");
                paths.AddRange((await register.CitiesForSitemapAsync(MaxCityPages, http.RequestAborted)).Select(c => $"/partner-cities/{c.PublicKey}"));
            }
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(Sitemap(paths.Distinct(StringComparer.Ordinal).Select(p => site + p)), "application/xml; charset=utf-8", Encoding.UTF8);
        }).WithScope(EndpointScope.Tenant).AllowAnonymous().WithMetadata(new Onboarding.OpenDuringPreparationAttribute()).ExcludeFromDescription();

        app.MapGet("/robots.txt", async (TenantContext tenantContext, TenantCatalog catalog, PublicOrigin origin, HttpContext http) =>
        {
            var text = new StringBuilder("User-agent: *\nAllow: /\n");
            var sitemaps = new List<string>();
            if (tenantContext.Current is { } tenant)
            {
                // A town's own host name (or its path on the platform): its pages, its sitemap.
                var site = origin.Of(tenant);
                var prefix = new Uri(site).AbsolutePath.TrimEnd('/');
                if (tenant.InPreparation)
                {
                    text.Append("Disallow: ").Append(prefix).Append("/\n"); // not published yet: nothing to index
                }
                foreach (var path in ClosedPaths)
                {
                    text.Append("Disallow: ").Append(prefix).Append(path).Append('\n');
                }
                if (tenant.IsActive && !tenant.InPreparation)
                {
                    sitemaps.Add($"{site}/sitemap.xml");
                }
            }
            else
            {
                // The platform's root: its own closed pages, every town served under it (path mode) and their sitemaps.
                text.Append("Disallow: /platform/\nDisallow: /federations/\nDisallow: /openapi\n");
                foreach (var path in ClosedPaths)
                {
                    text.Append("Disallow: ").Append(path).Append('\n');
                    text.Append("Disallow: /*").Append(path).Append('\n');
                }
                var root = origin.Value;
                sitemaps.AddRange((await catalog.AllAsync(http.RequestAborted))
                    .Where(t => t.IsActive && !t.InPreparation && t.Hosts.Count == 0)
                    .OrderBy(t => t.Slug, StringComparer.Ordinal)
                    .Select(t => origin.Of(t))
                    .Where(site => site.StartsWith(root + "/", StringComparison.Ordinal))
                    .Select(site => $"{site}/sitemap.xml"));
            }
            if (sitemaps.Count > 0)
            {
                text.Append('\n');
                foreach (var sitemap in sitemaps)
                {
                    text.Append("Sitemap: ").Append(sitemap).Append('\n');
                }
            }
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(text.ToString(), "text/plain; charset=utf-8", Encoding.UTF8);
        }).WithScope(EndpointScope.Shared).AllowAnonymous().WithMetadata(new Onboarding.OpenDuringPreparationAttribute()).ExcludeFromDescription();
        return app;
    }

    private static string Sitemap(IEnumerable<string> addresses)
    {
        var output = new StringBuilder();
        using (var xml = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8 }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("urlset", "http://www.sitemaps.org/schemas/sitemap/0.9");
            foreach (var address in addresses)
            {
                xml.WriteStartElement("url");
                xml.WriteElementString("loc", address);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }
        return output.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }
}
