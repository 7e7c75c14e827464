using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing.Matching;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Observability;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;
using TwinningCloud.Web.Platform.Web;
using TwinningCloud.Web.Platform.Demo;
using TwinningCloud.Web.Platform.Email;

namespace TwinningCloud.Web.Platform;

/// <summary>The cross-cutting machinery every module stands on, registered and ordered in one place.</summary>
public static class PlatformSetup
{
    public static WebApplicationBuilder AddTwinningPlatform(this WebApplicationBuilder builder, params PlatformModule[] modules)
    {
        builder.AddConfiguredLogFormat();
        builder.UseDefaultAddress();
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<TenantContext>();
        services.AddScoped<Audit.AuditActor>();
        services.AddScoped<PublicReadScope>();
        services.AddSingleton<TenantCatalog>();
        services.AddSingleton<PublicOrigin>();
        services.AddSingleton<Caching.TenantDataVersions>();
        services.AddSingleton<Caching.PublicPageStore>();
        services.AddHostedService<Caching.ChangeNotifications>();
        services.AddSingleton<MatcherPolicy, TenantScopeMatcherPolicy>();
        services.AddSingleton<Texts>();
        services.AddAppDatabase(builder.Configuration);
        services.AddDatabaseKeyRing(builder.Configuration);
        services.AddAppEmail(builder.Configuration);
        services.AddJobs(builder.Configuration);
        builder.AddObservability(); // after the mail sender, which it counts
        services.AddAppIdentity(builder.Configuration);
        services.AddHttpContextAccessor();

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "tc.af";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure on every HTTPS request (behind a TLS proxy too: forwarded headers)
        });

        services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Features";
                // Who may use each page, by its folder (Staff, Team, Operator…): Platform/Identity/PageAccessConvention.cs.
                // Federation and collective pages: their modules' conventions.
                o.Conventions.Add(new PageAccessConvention(modules.Where(m => m.DeclaresPageAccess).SelectMany(m => m.PageFolders)));
                o.Conventions.AddFolderApplicationModelConvention("/Account", m => m.EndpointMetadata.Add(new EndpointScopeAttribute(EndpointScope.TenantOrPlatform)));
            })
            .AddMvcOptions(o => o.Filters.Add<UnhandledMethodPageFilter>())
            .AddViewOptions(o => o.HtmlHelperOptions.ClientValidationEnabled = false);
        services.AddProblemDetails();
        // A parameter that cannot be bound (?page=abc, a malformed body) answers 400 problem details in every environment, never 500.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        // French pages: write "Gênes", not "G&#xEA;nes" (HTML-special characters are still encoded).
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddSingleton<MatcherPolicy, ExistingRecordMatcherPolicy>();
        builder.AddModules(modules);
        services.AddScoped<DatabaseStartup>();
        services.AddScoped<DemoSeeder>();
        return builder;
    }

    public static WebApplication UseTwinningPlatform(this WebApplication app)
    {
        app.UseRequestMetrics(); // every request counted per town (Platform/Observability)
        // Probes first: they answer even when the database (and so tenant lookup) is down.
        app.UseHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.UseHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto });
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<KnownHostMiddleware>(); // 400 for a Host that is neither the platform's nor a town's
        app.UseMiddleware<Caching.PublicPageFrontDoor>();
        app.UseExceptionHandler("/error/500");
        app.UseMiddleware<TenantResolutionMiddleware>();
        app.UseMiddleware<TenantLogScopeMiddleware>();
        app.UseMiddleware<Observability.TownTaggingMiddleware>(); // traces, metrics and mails of the request: its town
        app.UseMiddleware<CultureSelectionMiddleware>();
        // The JSON API answers errors with problem details (RFC 7807); pages with the localized error page.
        app.UseWhen(IsApiRequest, api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(http => !IsApiRequest(http), pages => pages.UseStatusCodePagesWithReExecute("/error/{0}"));
        app.UseMiddleware<RequestInputGuard>(); // 400 for query strings no endpoint can use
        app.UseStaticFiles();
        app.UseRouting();
        app.UseMiddleware<PublicReadMiddleware>(); // anonymous endpoints read the register as the public does
        app.UseMiddleware<TenantScopeMiddleware>();
        app.UseAuthentication();
        app.UseMiddleware<TenantBoundPrincipalMiddleware>();
        app.UseMiddleware<Observability.ActiveUserMiddleware>(); // "active users this week" (vital signs)
        app.UseModuleRequestGates(); // the modules' own gates (the core's: API clients' tokens, a town in preparation)
        app.UseMiddleware<Caching.PublicPageCacheMiddleware>();
        app.UseRateLimiter();
        app.UseMetricsGate(); // the Prometheus scrape endpoint: operators or the configured networks, anyone else 404
        app.UseJobsDashboardGate(); // Hangfire's dashboard: operators only, anyone else the 404 page (before authorization: no sign-in redirect)
        app.UseAuthorization();
        return app;
    }

    public static bool IsApiRequest(HttpContext http) => http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    public static WebApplication MapTwinningPlatform(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapModules(); // the core's endpoints (account API, authorization server, API documentation…) and every module's
        app.MapJobsDashboard();
        app.MapMetricsEndpoint();
        return app;
    }
}
