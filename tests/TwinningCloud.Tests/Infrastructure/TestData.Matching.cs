using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Web.Features.Federations.Matching;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Infrastructure;

/// <summary>Partner matching: a town's partner search, the contacts between towns.</summary>
public sealed partial class TestData
{
    /// <summary>Sets the town's partner search (published by default) as its staff would.</summary>
    public Task<PartnerSearch> SetPartnerSearchAsync(TenantInfo tenant, Action<PartnerSearch> fill, bool isPublic = true) =>
        InTenantAsync(tenant, async db =>
        {
            var search = await db.Set<PartnerSearch>().FirstOrDefaultAsync();
            if (search is null)
            {
                search = new PartnerSearch();
                db.Add(search);
            }
            search.IsPublic = isPublic;
            fill(search);
            await db.SaveChangesAsync();
            return search;
        });

    public async Task<List<PartnerContact>> PartnerContactsAsync()
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<PartnerContact>().AsNoTracking().OrderBy(c => c.CreatedAt).ToListAsync();
    }
}
