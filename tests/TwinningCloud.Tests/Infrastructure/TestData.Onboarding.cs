using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Infrastructure;

public sealed partial class TestData
{
    /// <summary>A town in preparation (as the operator's new towns start): visitors see "coming soon" until it is published.</summary>
    public async Task<TenantInfo> CreateTownInPreparationAsync(string slug, string? displayName = null, string[]? modules = null, string culture = "fr")
    {
        var created = await CreateTenantAsync(slug, displayName, culture, modules: modules);
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.Tenants.Where(t => t.Id == created.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.InPreparation, true));
        }
        var catalog = services.GetRequiredService<TenantCatalog>();
        catalog.Invalidate();
        services.GetRequiredService<TwinningCloud.Web.Platform.Caching.TenantDataVersions>().BumpAll();
        return (await catalog.FindBySlugAsync(slug))!;
    }

    /// <summary>An agreement with a status and a next review date (for the dashboard's figures and due dates).</summary>
    public Task<Agreement> AddAgreementWithReviewAsync(TenantInfo tenant, string title, AgreementStatus status, DateOnly? nextReviewOn, Guid[]? parties = null) =>
        InTenantAsync(tenant, async db =>
        {
            var agreement = new Agreement { Title = title, Kind = AgreementKind.CooperationAgreement, Status = status, NextReviewOn = nextReviewOn, SignedOn = new DateOnly(2010, 5, 4) };
            agreement.Parties.AddRange((parties ?? []).Select(p => new AgreementParty { PartnerCityId = p }));
            db.Add(agreement);
            await db.SaveChangesAsync();
            return agreement;
        });
}
