using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Demo;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Demo;

/// <summary>
/// The demo federations (seeds 002 and 004): Cités Unies France with Marseille (which lists CUF among its networks)
/// and Bagnolet as members, the CGLU Mediterranean commission with Marseille; both towns share their public register
/// with the directory; a demo federation admin of CUF (<c>Seed:FederationAdmin:Email</c> and <c>:Password</c>).
/// </summary>
public sealed class FederationDemoData(AppDbContext db, UserManager<AppUser> users, TenantCatalog catalog, IConfiguration configuration, ILogger<FederationDemoData> logger)
    : IPlatformDemoData
{
    public static readonly (string Slug, string Name, string[] Members)[] Federations =
    [
        ("cuf", "Cités Unies France", ["marseille", "bagnolet"]),
        ("cglu-med", "CGLU — Commission Méditerranée", ["marseille"]),
    ];

    public async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        foreach (var (slug, name, members) in Federations)
        {
            if (await db.Set<Federation>().AnyAsync(f => f.Slug == slug, ct))
            {
                continue;
            }
            var federation = new Federation { Slug = slug, Name = name };
            db.Add(federation);
            foreach (var member in members)
            {
                var tenant = await db.Tenants.Include(t => t.Modules).FirstOrDefaultAsync(t => t.Slug == member, ct);
                if (tenant is null)
                {
                    continue;
                }
                if (tenant.Modules.All(m => m.ModuleKey != ModuleKeys.FederationDirectory))
                {
                    tenant.Modules.Add(new TenantModule { ModuleKey = ModuleKeys.FederationDirectory });
                }
                db.Add(new FederationMember { FederationId = federation.Id, TenantId = tenant.Id, Status = MemberStatus.Accepted, AnsweredAt = DateTimeOffset.UtcNow, ShareRenewalDates = true });
            }
            await db.SaveChangesAsync(ct);
            catalog.Invalidate();
            logger.LogInformation("Demo federation {Federation} created", slug);
        }
        var email = configuration["Seed:FederationAdmin:Email"];
        var password = configuration["Seed:FederationAdmin:Password"];
        if (email is null || password is null || await users.FindByEmailAsync(email) is not null)
        {
            return;
        }
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Admin CUF" };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException("Could not create the demo federation admin: " + string.Join("; ", created.Errors.Select(e => e.Description)));
        }
        var cuf = await db.Set<Federation>().FirstAsync(f => f.Slug == "cuf", ct);
        db.Add(new FederationMembership { FederationId = cuf.Id, UserId = user.Id, Role = Roles.FederationAdmin });
        await db.SaveChangesAsync(ct);
    }
}
