using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Demo;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Infrastructure;

public static class TestUsers
{
    public const string OperatorEmail = "operator@twinningcloud.local";
    public const string OperatorPassword = "Operator-test-password-1";
    public const string StaffPassword = "Staff-test-password-1";
}

/// <summary>Builds the data a test needs, through the app's own services, and runs code as a tenant.</summary>
public sealed partial class TestData(IServiceProvider services)
{
    public async Task<TenantInfo> CreateTenantAsync(
        string slug, string? displayName = null, string culture = "fr", TenantStatus status = TenantStatus.Active,
        string[]? modules = null, string[]? hosts = null, string timeZone = "Europe/Paris")
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Tenants.Add(new Tenant
            {
                Slug = slug, DisplayName = displayName ?? $"Ville de {char.ToUpperInvariant(slug[0])}{slug[1..]}", DefaultCulture = culture,
                Status = status, TimeZoneId = timeZone,
                Modules = (modules ?? [ModuleKeys.Agreements]).Select(m => new TenantModule { ModuleKey = m }).ToList(),
                Hosts = (hosts ?? []).Select(h => new TenantHost { HostName = h }).ToList(),
            });
            await db.SaveChangesAsync();
        }
        var catalog = services.GetRequiredService<TenantCatalog>();
        catalog.Invalidate();
        var tenant = (await catalog.FindBySlugAsync(slug))!;
        await services.GetRequiredService<IServiceScopeFactory>().InitializeTenantAsync(tenant, CancellationToken.None);
        return tenant;
    }

    /// <summary>Runs <paramref name="work"/> in a DI scope whose tenant is <paramref name="tenant"/>, as a job or command would.</summary>
    public Task<T> InTenantAsync<T>(TenantInfo tenant, Func<AppDbContext, Task<T>> work) =>
        services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(tenant, sp => work(sp.GetRequiredService<AppDbContext>()));

    public Task<PartnerCity> AddPartnerCityAsync(TenantInfo tenant, string name, string country = "IT", bool isPublic = true) =>
        InTenantAsync(tenant, async db =>
        {
            var city = new PartnerCity { Name = name, CountryCode = country, IsPublic = isPublic, Population = 47587, PopulationYear = 2009 };
            db.Add(city);
            await db.SaveChangesAsync();
            return city;
        });

    public async Task EnsureOperatorAsync()
    {
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        if (!await roles.RoleExistsAsync(Roles.PlatformOperator))
        {
            await roles.CreateAsync(new IdentityRole<Guid>(Roles.PlatformOperator));
        }
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = TestUsers.OperatorEmail, Email = TestUsers.OperatorEmail, EmailConfirmed = true };
        var created = await users.CreateAsync(user, TestUsers.OperatorPassword);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, Roles.PlatformOperator);
    }

    /// <summary>A staff member of <paramref name="tenant"/> with a password and a confirmed address.</summary>
    public Task<AppUser> CreateStaffAsync(TenantInfo tenant, string email, string role, string password = TestUsers.StaffPassword) =>
        services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(tenant, async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email.Split('@')[0] };
                var created = await users.CreateAsync(user, password);
                Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
            }
            var db = sp.GetRequiredService<AppDbContext>();
            db.Add(new TenantMembership { UserId = user.Id, Role = role });
            await db.SaveChangesAsync();
            return user;
        });

    public async Task<AppUser?> FindUserAsync(string email)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email);
    }

    public async Task<Tenant> LoadTenantAsync(string slug)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Tenants.AsNoTracking().Include(t => t.Modules).Include(t => t.Hosts).SingleAsync(t => t.Slug == slug);
    }
}
