using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Operator.Tenants;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Branding;

/// <summary>The tenant's colours as a stylesheet (no inline style, so the CSP stays strict) and its logo.</summary>
public static class BrandingEndpoints
{
    public const string PlatformColor = "#1d4f91";

    public static IEndpointRouteBuilder MapBranding(this IEndpointRouteBuilder app)
    {
        app.MapGet("/theme.css", (TenantContext tenant, HttpContext http) =>
        {
            var color = tenant.Current?.BrandColor ?? PlatformColor;
            http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            var css = string.Create(CultureInfo.InvariantCulture,
                $":root{{--brand:{color};--brand-dark:{BrandColors.Darken(color, 0.25)};--brand-darker:{BrandColors.Darken(color, 0.45)};}}\n");
            return Results.Text(css, "text/css; charset=utf-8");
        }).WithScope(EndpointScope.Shared).AllowAnonymous().ExcludeFromDescription();

        app.MapGet("/logo", async (AppDbContext db, TenantContext tenant, HttpContext http) =>
        {
            var id = tenant.Required.Id;
            var logo = await db.Tenants.AsNoTracking().Where(t => t.Id == id && t.LogoContent != null)
                .Select(t => new { t.LogoContent, t.LogoContentType }).FirstOrDefaultAsync(http.RequestAborted);
            if (logo?.LogoContent is null)
            {
                return Results.NotFound();
            }
            http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return Results.File(logo.LogoContent, logo.LogoContentType ?? "application/octet-stream");
        }).WithScope(EndpointScope.Tenant).AllowAnonymous().WithMetadata(new Onboarding.OpenDuringPreparationAttribute()).ExcludeFromDescription();
        return app;
    }
}
