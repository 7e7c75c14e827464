using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Matching;

/// <summary>
/// What a town seeks ("cities seeking cities"), one per town: regions or countries, cooperation domains, sizes of town,
/// a short text in French and/or English; and what it is (its country, its number of inhabitants), so that others'
/// searches can find it. Shown in the directories of the federations the town is listed in, and used for suggestions,
/// only when published (<see cref="PublicRule"/>).
/// </summary>
public sealed class PartnerSearch : ITenantOwned, IPubliclyVisible<PartnerSearch>
{
    public const int MaxCountries = 20;
    public const int MaxRegions = 10;
    public const int MaxDomains = 20;
    public const int MaxTextLength = 1000;
    public const int MaxPopulation = 50_000_000;

    /// <summary>Published searches only: the town ticked "publish" (a draft is its staff's alone).</summary>
    public static Expression<Func<PartnerSearch, bool>> PublicRule => s => s.IsPublic;

    public Guid TenantId { get; set; }
    public bool IsPublic { get; set; }
    /// <summary>ISO 3166-1 alpha-2 code of the town's own country.</summary>
    public string? OwnCountryCode { get; set; }
    /// <summary>The town's own number of inhabitants (its size, for others' searches).</summary>
    public int? OwnPopulation { get; set; }
    public List<string> SoughtCountries { get; set; } = [];
    /// <summary>Keys of <see cref="Regions"/>.</summary>
    public List<string> SoughtRegions { get; set; } = [];
    /// <summary>Keys of cooperation domains ("water", "culture"), shared by the towns' vocabularies.</summary>
    public List<string> SoughtDomains { get; set; } = [];
    public List<TownSize> SoughtSizes { get; set; } = [];
    public string? TextFr { get; set; }
    public string? TextEn { get; set; }
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>Every country sought, the regions' countries included.</summary>
    public HashSet<string> AllSoughtCountries() =>
        [.. SoughtCountries, .. SoughtRegions.SelectMany(Regions.CountriesOf)];

    public TownSize? OwnSize => OwnPopulation is { } p ? TownSizes.Of(p) : null;
}

/// <summary>Sizes of town, by number of inhabitants.</summary>
public enum TownSize
{
    /// <summary>Under 10,000.</summary>
    Small,
    /// <summary>10,000 to 50,000.</summary>
    Medium,
    /// <summary>50,000 to 200,000.</summary>
    Large,
    /// <summary>200,000 to 1 million.</summary>
    City,
    /// <summary>Over a million.</summary>
    Metropolis,
}

public static class TownSizes
{
    public static TownSize Of(int population) => population switch
    {
        < 10_000 => TownSize.Small,
        < 50_000 => TownSize.Medium,
        < 200_000 => TownSize.Large,
        < 1_000_000 => TownSize.City,
        _ => TownSize.Metropolis,
    };
}

/// <summary>Regions a town may seek partners in, each a fixed list of countries (ISO 3166-1 alpha-2).</summary>
public static class Regions
{
    public static readonly IReadOnlyDictionary<string, string[]> All = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["maghreb"] = ["DZ", "LY", "MA", "MR", "TN"],
        ["mediterranean"] = ["AL", "BA", "CY", "DZ", "EG", "ES", "FR", "GR", "HR", "IL", "IT", "LB", "LY", "MA", "MC", "ME", "MT", "PS", "SI", "SY", "TN", "TR"],
        ["european-union"] = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"],
        ["west-africa"] = ["BF", "BJ", "CI", "CV", "GH", "GM", "GN", "GW", "LR", "ML", "MR", "NE", "NG", "SL", "SN", "TG"],
        ["central-africa"] = ["AO", "CD", "CF", "CG", "CM", "GA", "GQ", "ST", "TD"],
        ["middle-east"] = ["AE", "BH", "IL", "IQ", "IR", "JO", "KW", "LB", "OM", "PS", "QA", "SA", "SY", "TR", "YE"],
        ["latin-america"] = ["AR", "BO", "BR", "CL", "CO", "CR", "CU", "DO", "EC", "GT", "HN", "HT", "MX", "NI", "PA", "PE", "PY", "SV", "UY", "VE"],
        ["north-america"] = ["CA", "US"],
        ["asia"] = ["CN", "IN", "ID", "JP", "KH", "KR", "LA", "MN", "MY", "PH", "SG", "TH", "TW", "VN"],
    };

    public static IEnumerable<string> CountriesOf(string region) => All.TryGetValue(region, out var countries) ? countries : [];
}

internal sealed class PartnerSearchConfiguration : IEntityTypeConfiguration<PartnerSearch>
{
    public void Configure(EntityTypeBuilder<PartnerSearch> b)
    {
        b.ToTable("partner_searches");
        b.HasKey(s => s.TenantId);
        b.HasOne<Tenant>().WithOne().HasForeignKey<PartnerSearch>(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.Property(s => s.OwnCountryCode).HasMaxLength(2);
        b.Property(s => s.TextFr).HasMaxLength(PartnerSearch.MaxTextLength);
        b.Property(s => s.TextEn).HasMaxLength(PartnerSearch.MaxTextLength);
        b.Ignore(s => s.OwnSize);
    }
}
