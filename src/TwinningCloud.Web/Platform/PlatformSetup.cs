using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing.Matching;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;
using TwinningCloud.Web.Platform.Web;
using TwinningCloud.Web.Platform.Demo;

namespace TwinningCloud.Web.Platform;

/// <summary>The cross-cutting machinery every module stands on, registered and ordered in one place.</summary>
public static class PlatformSetup
{
    public static WebApplicationBuilder AddTwinningPlatform(this WebApplicationBuilder builder, params PlatformModule[] modules)
    {
        builder.AddConfiguredLogFormat();
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<TenantContext>();
        services.AddSingleton<TenantCatalog>();
        services.AddSingleton<MatcherPolicy, TenantScopeMatcherPolicy>();
        services.AddSingleton<Texts>();
        services.AddAppDatabase(builder.Configuration);
        services.Configure<Email.EmailOptions>(builder.Configuration.GetSection("Email"));
        services.AddSingleton<Email.IEmailSender, Email.SmtpEmailSender>();
        services.AddHealthChecks();

        services.AddIdentity<AppUser, IdentityRole<Guid>>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 12;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/platform/sign-in";
            o.AccessDeniedPath = "/error/403";
            o.Cookie.Name = "tc.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure on every HTTPS request (behind a TLS proxy too: forwarded headers)
            o.SlidingExpiration = true;
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.PlatformOperator, p => p.RequireRole(PlatformRoles.Operator));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "tc.af";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure on every HTTPS request (behind a TLS proxy too: forwarded headers)
        });

        services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Features";
                o.Conventions.AddFolderApplicationModelConvention("/Platform", m => m.EndpointMetadata.Add(new EndpointScopeAttribute(EndpointScope.Platform)));
                o.Conventions.AuthorizeFolder("/Platform", Policies.PlatformOperator);
                o.Conventions.AllowAnonymousToPage("/Platform/Index");
                o.Conventions.AllowAnonymousToPage("/Platform/SignIn");
            })
            .AddMvcOptions(o => o.Filters.Add<UnhandledMethodPageFilter>())
            .AddViewOptions(o => o.HtmlHelperOptions.ClientValidationEnabled = false);
        services.AddProblemDetails();
        // French pages: write "Gênes", not "G&#xEA;nes" (HTML-special characters are still encoded).
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddModules(builder.Configuration, modules);
        services.AddScoped<DatabaseStartup>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<Features.Platform.Tenants.TenantEditor>();
        return builder;
    }

    public static WebApplication UseTwinningPlatform(this WebApplication app)
    {
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto });
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler("/error/500");
        app.UseMiddleware<TenantResolutionMiddleware>();
        app.UseMiddleware<TenantLogScopeMiddleware>();
        app.UseMiddleware<CultureSelectionMiddleware>();
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseStaticFiles();
        app.UseRouting();
        app.UseMiddleware<TenantScopeMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapTwinningPlatform(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).WithScope(EndpointScope.Shared);
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).WithScope(EndpointScope.Shared);
        app.MapRazorPages();
        app.MapModules();
        return app;
    }
}
