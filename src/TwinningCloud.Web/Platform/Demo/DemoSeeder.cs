using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Demo;

/// <summary>A feature's share of the demo data, loaded inside the tenant's context when the tenant is first created.</summary>
public interface IDemoDataContributor
{
    Task SeedAsync(TenantInfo tenant, IServiceProvider tenantServices, CancellationToken ct);
}

/// <summary>Platform-wide demo data of a feature (federations and their members), loaded after the demo towns; idempotent.</summary>
public interface IPlatformDemoData
{
    Task SeedAsync(IServiceProvider services, CancellationToken ct);
}

/// <summary>
/// The embedded default's demo: the platform operator, and the towns of the seed documents
/// (Marseille, Bagnolet) with their data. Idempotent: a tenant that already exists is left alone.
/// </summary>
internal sealed class DemoSeeder(
    AppDbContext db,
    UserManager<AppUser> users,
    RoleManager<IdentityRole<Guid>> roles,
    TenantCatalog catalog,
    IServiceScopeFactory scopes,
    IEnumerable<IDemoDataContributor> contributors,
    IEnumerable<IPlatformDemoData> platformData,
    IServiceProvider services,
    IConfiguration configuration,
    ILogger<DemoSeeder> logger)
{
    public static readonly IReadOnlyList<Tenant> DemoTenants =
    [
        new() { Slug = "marseille", DisplayName = "Ville de Marseille", DefaultCulture = "fr", TimeZoneId = "Europe/Paris", BrandColor = "#00549f", Latitude = 43.2965, Longitude = 5.3698,
                Modules = [new() { ModuleKey = ModuleKeys.Agreements }, new() { ModuleKey = ModuleKeys.NetworkMemberships }, new() { ModuleKey = ModuleKeys.Reminders }] },
        new() { Slug = "bagnolet", DisplayName = "Ville de Bagnolet", DefaultCulture = "fr", TimeZoneId = "Europe/Paris", BrandColor = "#9b1b4a", Latitude = 48.8692, Longitude = 2.4181,
                Modules = [new() { ModuleKey = ModuleKeys.Agreements }, new() { ModuleKey = ModuleKeys.Collectives }] },
    ];

    public async Task SeedAsync(CancellationToken ct = default)
    {
        await EnsureOperatorAsync(
            configuration["Seed:OperatorEmail"] ?? "operator@twinningcloud.local",
            configuration["Seed:OperatorPassword"] ?? throw new InvalidOperationException("Seed:OperatorPassword is not configured."));
        foreach (var template in DemoTenants)
        {
            if (await db.Tenants.AnyAsync(t => t.Slug == template.Slug, ct))
            {
                continue;
            }
            var tenant = new Tenant
            {
                Slug = template.Slug, DisplayName = template.DisplayName, DefaultCulture = template.DefaultCulture,
                TimeZoneId = template.TimeZoneId, BrandColor = template.BrandColor, Latitude = template.Latitude, Longitude = template.Longitude,
                InPreparation = false, PublishedAt = DateTimeOffset.UtcNow, // the demo towns are live
                Modules = template.Modules.Select(m => new TenantModule { ModuleKey = m.ModuleKey }).ToList(),
            };
            db.Tenants.Add(tenant);
            await db.SaveChangesAsync(ct);
            catalog.Invalidate();
            var info = TenantInfo.From(tenant);
            await scopes.InitializeTenantAsync(info, ct);
            foreach (var contributor in contributors)
            {
                await scopes.RunInTenantAsync(info, sp => contributor.SeedAsync(info, sp, ct));
            }
            await EnsureTenantAdminAsync(info, ct);
            logger.LogInformation("Demo tenant {Tenant} created", tenant.Slug);
        }
        foreach (var data in platformData)
        {
            await data.SeedAsync(services, ct);
        }
    }

    /// <summary>Creates a platform operator (demo seeding, and the <c>create-operator</c> command of a real deployment).</summary>
    public async Task EnsureOperatorAsync(string email, string password)
    {
        if (!await roles.RoleExistsAsync(Roles.PlatformOperator))
        {
            await roles.CreateAsync(new IdentityRole<Guid>(Roles.PlatformOperator) { Id = Guid.CreateVersion7() });
        }
        if (await users.FindByEmailAsync(email) is not null)
        {
            return;
        }
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Platform operator" };
        Check(await users.CreateAsync(user, password), "operator");
        await users.AddToRoleAsync(user, Roles.PlatformOperator);
        logger.LogInformation("Operator {Email} created", email);
    }

    /// <summary>The demo town's administrator: <c>Seed:Admins:{slug}:Email</c> and <c>:Password</c>.</summary>
    private async Task EnsureTenantAdminAsync(TenantInfo tenant, CancellationToken ct)
    {
        var email = configuration[$"Seed:Admins:{tenant.Slug}:Email"];
        var password = configuration[$"Seed:Admins:{tenant.Slug}:Password"];
        if (email is null || password is null)
        {
            return;
        }
        await scopes.RunInTenantAsync(tenant, async sp =>
        {
            var tenantUsers = sp.GetRequiredService<UserManager<AppUser>>();
            var tenantDb = sp.GetRequiredService<AppDbContext>();
            var user = await tenantUsers.FindByEmailAsync(email);
            if (user is null)
            {
                user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"Admin {tenant.DisplayName}" };
                Check(await tenantUsers.CreateAsync(user, password), "tenant admin");
            }
            tenantDb.Add(new TenantMembership { UserId = user.Id, Role = Roles.TenantAdmin });
            await tenantDb.SaveChangesAsync(ct);
        });
        logger.LogInformation("Demo admin {Email} of {Tenant} created", email, tenant.Slug);
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create the demo {what}: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
