using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Web.Features.Federations;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Infrastructure;

/// <summary>Federations, their staff and their member towns.</summary>
public sealed partial class TestData
{
    public async Task<Federation> CreateFederationAsync(string slug, string name)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var federation = new Federation { Slug = slug, Name = name };
        db.Add(federation);
        await db.SaveChangesAsync();
        return federation;
    }

    /// <summary>A person with a password and a role (admin or editor) in <paramref name="federation"/>; signs in on the platform's side.</summary>
    public async Task<AppUser> CreateFederationStaffAsync(Federation federation, string email, string role = Roles.FederationAdmin)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email.Split('@')[0] };
            var created = await users.CreateAsync(user, TestUsers.StaffPassword);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        }
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Add(new FederationMembership { FederationId = federation.Id, UserId = user.Id, Role = role });
        await db.SaveChangesAsync();
        return user;
    }

    /// <summary>Makes <paramref name="tenant"/> a member of <paramref name="federation"/> (accepted by default).</summary>
    public async Task<FederationMember> AddFederationMemberAsync(Federation federation, TenantInfo tenant, MemberStatus status = MemberStatus.Accepted, bool listed = true, bool shareDates = false)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var member = new FederationMember { FederationId = federation.Id, TenantId = tenant.Id, Status = status, ListedInDirectory = listed, ShareRenewalDates = shareDates };
        db.Add(member);
        await db.SaveChangesAsync();
        return member;
    }

    public async Task<FederationMember> LoadFederationMemberAsync(Guid id)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<FederationMember>().AsNoTracking().SingleAsync(m => m.Id == id);
    }

    public async Task<List<FederationOnboarding>> OnboardingsAsync(Federation federation)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<FederationOnboarding>().AsNoTracking()
            .Where(o => o.FederationId == federation.Id).OrderBy(o => o.CreatedAt).ToListAsync();
    }

    /// <summary>Publishes a town (as its admin would from the dashboard): its public pages open, it can be listed.</summary>
    public async Task<TenantInfo> PublishAsync(TenantInfo tenant)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var row = await db.Tenants.SingleAsync(t => t.Id == tenant.Id);
            row.InPreparation = false;
            row.PublishedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        }
        var catalog = services.GetRequiredService<TenantCatalog>();
        catalog.Invalidate();
        return (await catalog.FindByIdAsync(tenant.Id))!;
    }
}

public sealed partial class TestData
{
    /// <summary>Runs <paramref name="work"/> in a DI scope of its own, without a tenant (the platform's side).</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }
}
