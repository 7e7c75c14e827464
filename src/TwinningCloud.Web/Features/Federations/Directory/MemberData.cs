using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Audit;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Federations.Directory;

/// <summary>One public partnership of a member town: a public agreement with one of its public partner cities (or a public city with no public agreement).</summary>
public sealed record DirectoryRow(
    Guid TenantId, Guid? AgreementId, AgreementKind? Kind, string? Title, string? TitleFr, string? TitleEn, int? Year, bool Ended,
    Guid CityId, string CityName, string? CityNameFr, string? CityNameEn, string? CitySlug, string CountryCode, double? Latitude, double? Longitude,
    IReadOnlyList<string> DomainKeys);

/// <summary>A member town's public register as the directory holds it (public rule only; never notes, drafts or internal rows).</summary>
public sealed record MemberRegister(Guid TenantId, IReadOnlyList<DirectoryRow> Rows, IReadOnlyDictionary<string, (string Fr, string En)> Domains);

/// <summary>
/// The one place that reads member towns' data from outside them (the federation's side): it lifts the tenant filter
/// for the towns it is given, and reads agreements and partner cities only through their public rule
/// (<see cref="PublicVisibility.PubliclyVisible{T}"/>) and by projection (no notes, no documents, no people).
/// Callers pass only the ids of a federation's accepted members.
/// </summary>
public sealed class MemberData(AppDbContext db)
{
    private IQueryable<T> Across<T>() where T : class, ITenantOwned =>
        db.Set<T>().IgnoreQueryFilters([AppDbContext.TenantFilter]).AsNoTracking();

    public async Task<Dictionary<Guid, MemberRegister>> PublicRegistersAsync(IReadOnlyCollection<Guid> tenantIds, CancellationToken ct)
    {
        var ids = tenantIds.Distinct().ToArray();
        var agreements = await Across<Agreement>().PubliclyVisible().Where(a => ids.Contains(a.TenantId))
            .Select(a => new { a.TenantId, a.Id, a.Kind, a.Title, a.TitleFr, a.TitleEn, a.SignedOn, a.Status }).ToListAsync(ct);
        var cities = await Across<PartnerCity>().PubliclyVisible().Where(c => ids.Contains(c.TenantId))
            .Select(c => new { c.TenantId, c.Id, c.Name, c.NameFr, c.NameEn, c.Slug, c.CountryCode, c.Latitude, c.Longitude }).ToListAsync(ct);
        var publicAgreementIds = agreements.Select(a => a.Id).ToHashSet();
        var parties = (await Across<AgreementParty>().Where(p => ids.Contains(p.TenantId)).Select(p => new { p.AgreementId, p.PartnerCityId }).ToListAsync(ct))
            .Where(p => publicAgreementIds.Contains(p.AgreementId)).ToLookup(p => p.AgreementId, p => p.PartnerCityId);
        var domainLinks = (await Across<AgreementDomain>().Where(d => ids.Contains(d.TenantId)).Select(d => new { d.AgreementId, d.DomainId }).ToListAsync(ct))
            .Where(d => publicAgreementIds.Contains(d.AgreementId)).ToLookup(d => d.AgreementId, d => d.DomainId);
        var domains = await Across<CooperationDomain>().Where(d => ids.Contains(d.TenantId))
            .Select(d => new { d.TenantId, d.Id, d.Key, d.NameFr, d.NameEn }).ToListAsync(ct);
        var domainById = domains.ToDictionary(d => d.Id);
        var cityById = cities.ToDictionary(c => c.Id);
        var result = new Dictionary<Guid, MemberRegister>();
        var agreementsByTenant = agreements.ToLookup(a => a.TenantId);
        var citiesByTenant = cities.ToLookup(c => c.TenantId);
        var domainsByTenant = domains.ToLookup(d => d.TenantId);
        foreach (var tenantId in ids)
        {
            var rows = new List<DirectoryRow>();
            var cityInAgreement = new HashSet<Guid>();
            foreach (var a in agreementsByTenant[tenantId])
            {
                var keys = domainLinks[a.Id].Select(d => domainById.GetValueOrDefault(d)?.Key).OfType<string>().Distinct().ToList();
                foreach (var cityId in parties[a.Id])
                {
                    if (cityById.GetValueOrDefault(cityId) is not { } c)
                    {
                        continue; // an internal city stays out, even as a party of a public agreement
                    }
                    cityInAgreement.Add(c.Id);
                    rows.Add(new DirectoryRow(tenantId, a.Id, a.Kind, a.Title, a.TitleFr, a.TitleEn, a.SignedOn?.Year, a.Status == AgreementStatus.Ended,
                        c.Id, c.Name, c.NameFr, c.NameEn, c.Slug, c.CountryCode, c.Latitude, c.Longitude, keys));
                }
            }
            foreach (var c in citiesByTenant[tenantId].Where(c => !cityInAgreement.Contains(c.Id)))
            {
                rows.Add(new DirectoryRow(tenantId, null, null, null, null, null, null, false,
                    c.Id, c.Name, c.NameFr, c.NameEn, c.Slug, c.CountryCode, c.Latitude, c.Longitude, []));
            }
            result[tenantId] = new MemberRegister(tenantId, rows,
                domainsByTenant[tenantId].GroupBy(d => d.Key).ToDictionary(g => g.Key, g => (g.First().NameFr, g.First().NameEn)));
        }
        return result;
    }

    /// <summary>The towns (of <paramref name="tenantIds"/>) that have published something: a public agreement or a public partner city.</summary>
    public async Task<HashSet<Guid>> WithPublicDataAsync(IReadOnlyCollection<Guid> tenantIds, CancellationToken ct)
    {
        var ids = tenantIds.Distinct().ToArray();
        var withAgreements = await Across<Agreement>().PubliclyVisible().Where(a => ids.Contains(a.TenantId)).Select(a => a.TenantId).Distinct().ToListAsync(ct);
        var withCities = await Across<PartnerCity>().PubliclyVisible().Where(c => ids.Contains(c.TenantId)).Select(c => c.TenantId).Distinct().ToListAsync(ct);
        return withAgreements.Concat(withCities).ToHashSet();
    }

    /// <summary>When each town last changed its register (the time of its latest audit entry; no content).</summary>
    public async Task<Dictionary<Guid, DateTimeOffset>> LastRegisterUpdateAsync(IReadOnlyCollection<Guid> tenantIds, CancellationToken ct)
    {
        var ids = tenantIds.Distinct().ToArray();
        var rows = await Across<AuditEntry>().Where(e => ids.Contains(e.TenantId))
            .GroupBy(e => e.TenantId).Select(g => new { TenantId = g.Key, At = g.Max(e => e.At) }).ToListAsync(ct);
        return rows.ToDictionary(r => r.TenantId, r => r.At);
    }

    /// <summary>The review and renewal dates (dates only) of the public agreements of the towns that share them, between two days.</summary>
    public async Task<List<(Guid TenantId, DateOnly On)>> RenewalDatesAsync(IReadOnlyCollection<Guid> sharingTenantIds, DateOnly from, DateOnly to, int max, CancellationToken ct)
    {
        var ids = sharingTenantIds.Distinct().ToArray();
        var rows = await Across<Agreement>().PubliclyVisible()
            .Where(a => ids.Contains(a.TenantId) && a.NextReviewOn != null && a.NextReviewOn >= from && a.NextReviewOn <= to)
            .OrderBy(a => a.NextReviewOn).Take(max).Select(a => new { a.TenantId, On = a.NextReviewOn!.Value }).ToListAsync(ct);
        return rows.Select(r => (r.TenantId, r.On)).ToList();
    }

    /// <summary>The published partner searches (what each seeks, its country and size; never a draft) of the towns of <paramref name="tenantIds"/>.</summary>
    public async Task<Dictionary<Guid, Matching.PartnerSearch>> PublicPartnerSearchesAsync(IReadOnlyCollection<Guid> tenantIds, CancellationToken ct)
    {
        var ids = tenantIds.Distinct().ToArray();
        return await Across<Matching.PartnerSearch>().PubliclyVisible().Where(s => ids.Contains(s.TenantId)).ToDictionaryAsync(s => s.TenantId, ct);
    }

    /// <summary>Whether the person holds a role in any town (ids only).</summary>
    public Task<bool> HasAnyTownRoleAsync(Guid userId, CancellationToken ct) =>
        Across<TwinningCloud.Web.Platform.Identity.TenantMembership>().AnyAsync(m => m.UserId == userId, ct);
}
