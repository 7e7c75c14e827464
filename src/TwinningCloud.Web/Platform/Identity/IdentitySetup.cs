using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Identity;

/// <summary>
/// Sign-in, per side. ASP.NET Core Identity's application scheme is a selector: in a tenant it is the
/// tenant cookie (its path is the tenant's path, its principal carries the tenant's id), on the
/// platform the platform cookie; a request with <c>Authorization: Bearer</c> uses the framework's bearer
/// tokens. <see cref="TenantBoundPrincipalMiddleware"/> then refuses a principal issued for another side.
/// </summary>
public static class IdentitySetup
{
    /// <summary>The tenant cookie: both its scheme name and the cookie's name.</summary>
    public const string TenantCookie = "tc.tenant";
    public const string PlatformCookie = "tc.platform";
    public const string Bearer = "tc.bearer";
    public const string AccountRateLimit = "account";

    /// <summary>OpenIddict's validation scheme: OAuth access tokens (client credentials), see ADR 0011.</summary>
    public const string OAuthBearer = "OpenIddict.Validation.AspNetCore";

    public static bool IsBearerRequest(HttpContext http) =>
        http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A bearer token of the authorization server (a JWT: dotted segments), as opposed to one of the password-for-token
    /// endpoint kept for its migration period (the framework's bearer tokens: one opaque segment).
    /// </summary>
    public static bool IsOAuthBearerRequest(HttpContext http) =>
        IsBearerRequest(http) && http.Request.Headers.Authorization.ToString().AsSpan(7).Contains('.');

    public static IServiceCollection AddAppIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddIdentityCore<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedEmail = true;
                o.Password.RequiredLength = 12;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = configuration.GetValue("Security:LockoutAttempts", 5);
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromDays(3));
        // Checked on every request: "sign out everywhere" and role changes take effect at once.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        services.AddScoped<ISecurityStampValidator, SecurityStampValidator<AppUser>>();

        services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddPolicyScheme(IdentityConstants.ApplicationScheme, "Tenant, platform or bearer", o =>
                o.ForwardDefaultSelector = http =>
                    IsOAuthBearerRequest(http) ? OAuthBearer
                    : IsBearerRequest(http) ? Bearer
                    : http.RequestServices.GetRequiredService<TenantContext>().Current is null ? PlatformCookie
                    : TenantCookie)
            .AddCookie(TenantCookie, o => ConfigureCookie(o, TenantCookie))
            .AddCookie(PlatformCookie, o => ConfigureCookie(o, PlatformCookie))
            .AddCookie(IdentityConstants.ExternalScheme)
            .AddCookie(IdentityConstants.TwoFactorRememberMeScheme) // Identity signs these out with the rest
            .AddCookie(IdentityConstants.TwoFactorUserIdScheme)
            .AddBearerToken(Bearer, o => o.BearerTokenExpiration = TimeSpan.FromHours(1));

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.PlatformOperator, p => p.RequireRole(Roles.PlatformOperator))
            .AddPolicy(Policies.TenantAdmin, p => p.RequireClaim(AppClaims.Tenant).RequireRole(Roles.TenantAdmin))
            .AddPolicy(Policies.TenantStaff, p => p.RequireClaim(AppClaims.Tenant).RequireRole(Roles.TenantAdmin, Roles.Editor))
            .AddPolicy(Policies.SignedIn, p => p.RequireAuthenticatedUser());

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            var permits = configuration.GetValue("Security:AccountRateLimit:PermitLimit", 10);
            var window = TimeSpan.FromSeconds(configuration.GetValue("Security:AccountRateLimit:WindowSeconds", 60));
            // Sign-in, password reset and invitations: per client address and per side, on posts only.
            o.AddPolicy(AccountRateLimit, http => HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    $"{http.Connection.RemoteIpAddress}|{http.RequestServices.GetRequiredService<TenantContext>().TenantId}",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter(string.Empty));
        });
        services.AddScoped<StaffInvitations>();
        services.AddScoped<AccountEmails>();
        services.AddJobHandler<SendEmailJob>(SendEmailJob.Kind, showsInput: false); // the mail, with its one-time link
        services.AddScoped<AccountSides>();
        return services;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions o, string name)
    {
        o.Cookie.Name = name;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        // Secure on every HTTPS request, behind a TLS proxy too (forwarded headers). The path defaults to
        // the request's PathBase: a tenant cookie is sent only under its tenant's path.
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.LoginPath = "/sign-in";
        o.LogoutPath = "/sign-out";
        o.AccessDeniedPath = "/error/403";
        o.ExpireTimeSpan = TimeSpan.FromHours(8);
        o.SlidingExpiration = true;
        o.Events.OnValidatePrincipal = async context =>
        {
            // First the binding: a cookie issued for another tenant (or for the platform) is refused here,
            // before the security-stamp check could rebuild its principal for this tenant.
            var here = context.HttpContext.RequestServices.GetRequiredService<TenantContext>().TenantId?.ToString();
            if (context.Principal?.FindFirstValue(AppClaims.Tenant) != here)
            {
                context.RejectPrincipal();
                return;
            }
            await SecurityStampValidator.ValidatePrincipalAsync(context);
        };
    }
}
