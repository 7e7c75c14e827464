using System.Globalization;
using Microsoft.AspNetCore.Localization;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Localization;

/// <summary>
/// Chooses the language of a request: <c>?lang=en</c> (remembered in a cookie), else the remembered
/// choice, else the tenant's default language, else French.
/// </summary>
public sealed class CultureSelectionMiddleware(RequestDelegate next)
{
    public const string QueryKey = "lang";
    public static readonly string CookieName = CookieRequestCultureProvider.DefaultCookieName;

    /// <summary>The address of the same page in <paramref name="language"/>, keeping the rest of the query (filters): <c>?domain=health&amp;lang=en</c>.</summary>
    public static string SwitchTo(HttpRequest request, string language)
    {
        var query = new System.Text.StringBuilder("?");
        foreach (var (key, values) in request.Query)
        {
            if (string.Equals(key, QueryKey, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            foreach (var value in values)
            {
                query.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value ?? string.Empty)).Append('&');
            }
        }
        return query.Append(QueryKey).Append('=').Append(Uri.EscapeDataString(language)).ToString();
    }

    public Task InvokeAsync(HttpContext http, TenantContext tenantContext)
    {
        var chosen = http.Request.Query[QueryKey].ToString();
        if (SupportedCultures.IsSupported(chosen))
        {
            http.Response.Cookies.Append(CookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { Path = "/", MaxAge = TimeSpan.FromDays(365), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps });
        }
        else
        {
            var remembered = CookieRequestCultureProvider.ParseCookieValue(http.Request.Cookies[CookieName] ?? string.Empty)?.UICultures.FirstOrDefault().Value;
            chosen = SupportedCultures.IsSupported(remembered) ? remembered!
                : tenantContext.Current?.DefaultCulture is { } tenantDefault && SupportedCultures.IsSupported(tenantDefault) ? tenantDefault
                : SupportedCultures.French;
        }
        var culture = SupportedCultures.Culture(chosen);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        http.Features.Set<IRequestCultureFeature>(new RequestCultureFeature(new RequestCulture(culture), provider: null));
        return next(http);
    }
}
