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

/// <summary>
/// The embedded default's demo: the platform operator, and the towns of the seed documents
/// (Marseille, Bagnolet) with their data. Idempotent: a tenant that already exists is left alone.
/// </summary>
public sealed class DemoSeeder(
    AppDbContext db,
    UserManager<AppUser> users,
    RoleManager<IdentityRole<Guid>> roles,
    TenantCatalog catalog,
    IServiceScopeFactory scopes,
    IEnumerable<IDemoDataContributor> contributors,
    IConfiguration configuration,
    ILogger<DemoSeeder> logger)
{
    public static readonly IReadOnlyList<Tenant> DemoTenants =
    [
        new() { Slug = "marseille", DisplayName = "Ville de Marseille", DefaultCulture = "fr", TimeZoneId = "Europe/Paris", BrandColor = "#00549f",
                Modules = [new() { ModuleKey = ModuleKeys.Agreements }, new() { ModuleKey = ModuleKeys.NetworkMemberships }, new() { ModuleKey = ModuleKeys.Reminders }] },
        new() { Slug = "bagnolet", DisplayName = "Ville de Bagnolet", DefaultCulture = "fr", TimeZoneId = "Europe/Paris", BrandColor = "#9b1b4a",
                Modules = [new() { ModuleKey = ModuleKeys.Agreements }, new() { ModuleKey = ModuleKeys.Collectives }] },
    ];

    public async Task SeedAsync(CancellationToken ct = default)
    {
        await EnsureOperatorAsync();
        foreach (var template in DemoTenants)
        {
            if (await db.Tenants.AnyAsync(t => t.Slug == template.Slug, ct))
            {
                continue;
            }
            var tenant = new Tenant
            {
                Slug = template.Slug, DisplayName = template.DisplayName, DefaultCulture = template.DefaultCulture,
                TimeZoneId = template.TimeZoneId, BrandColor = template.BrandColor,
                Modules = template.Modules.Select(m => new TenantModule { ModuleKey = m.ModuleKey }).ToList(),
            };
            db.Tenants.Add(tenant);
            await db.SaveChangesAsync(ct);
            catalog.Invalidate();
            var info = TenantInfo.From(tenant);
            foreach (var contributor in contributors)
            {
                await scopes.RunInTenantAsync(info, sp => contributor.SeedAsync(info, sp, ct));
            }
            logger.LogInformation("Demo tenant {Tenant} created", tenant.Slug);
        }
    }

    private async Task EnsureOperatorAsync()
    {
        if (!await roles.RoleExistsAsync(PlatformRoles.Operator))
        {
            await roles.CreateAsync(new IdentityRole<Guid>(PlatformRoles.Operator) { Id = Guid.CreateVersion7() });
        }
        var email = configuration["Seed:OperatorEmail"] ?? "operator@twinningcloud.local";
        if (await users.FindByEmailAsync(email) is not null)
        {
            return;
        }
        var password = configuration["Seed:OperatorPassword"]
            ?? throw new InvalidOperationException("Seed:OperatorPassword is not configured.");
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Platform operator" };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException("Could not create the demo operator: " + string.Join("; ", created.Errors.Select(e => e.Description)));
        }
        await users.AddToRoleAsync(user, PlatformRoles.Operator);
        logger.LogInformation("Demo operator {Email} created", email);
    }
}
