using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.NetworkMemberships;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.NetworkMemberships.Staff;

/// <summary>The staff form of a membership, as typed (text), turned into a <see cref="MembershipInput"/> with errors for what does not parse.</summary>
public sealed class MembershipForm
{
    public Guid? NetworkId { get; set; }
    public string? Role { get; set; } = nameof(MembershipRole.Member);
    public string? SinceYear { get; set; }
    public string? AnnualFee { get; set; }
    public string? Currency { get; set; } = "EUR";
    public string? RenewalOn { get; set; }
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }
    public string? WorkingGroups { get; set; }
    public string? Notes { get; set; }
    public bool IsPublic { get; set; } = true;

    public static MembershipForm From(NetworkMembership m) => new()
    {
        NetworkId = m.NetworkId, Role = m.Role.ToString(), SinceYear = m.SinceYear?.ToString(CultureInfo.InvariantCulture),
        AnnualFee = m.AnnualFee?.ToString("0.##", CultureInfo.InvariantCulture), Currency = m.Currency,
        RenewalOn = m.RenewalOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ContactName = m.ContactName,
        ContactEmail = m.ContactEmail, WorkingGroups = m.WorkingGroups, Notes = m.Notes, IsPublic = m.IsPublic,
    };

    public MembershipInput ToInput(Dictionary<string, string> errors)
    {
        int? since = null;
        if (!string.IsNullOrWhiteSpace(SinceYear))
        {
            if (int.TryParse(SinceYear.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var year))
            {
                since = year;
            }
            else
            {
                errors["SinceYear"] = "networks.error.since-year";
            }
        }
        if (!NetworkMembershipEditor.TryParseFee(AnnualFee, out var fee))
        {
            errors["AnnualFee"] = "networks.error.fee";
        }
        DateOnly? renewal = null;
        if (!string.IsNullOrWhiteSpace(RenewalOn))
        {
            if (DateOnly.TryParseExact(RenewalOn.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                renewal = date;
            }
            else
            {
                errors["RenewalOn"] = "networks.error.renewal";
            }
        }
        return new MembershipInput(NetworkId, since, Role, fee, Currency, renewal, ContactName, ContactEmail, WorkingGroups, Notes, IsPublic);
    }
}

/// <summary>What the form partial shows: the values, the errors (text keys by field) and the catalogue grouped by scope.</summary>
public sealed record MembershipFormView(MembershipForm Form, IReadOnlyDictionary<string, string> Errors, IReadOnlyList<CatalogGroup> Catalog, bool IsNew);

public sealed record CatalogGroup(NetworkScope Scope, IReadOnlyList<CatalogChoice> Networks);

/// <summary>A network to choose; a commission (CGLU Méditerranée) is listed under its parent and says so.</summary>
public sealed record CatalogChoice(Guid Id, string Acronym, string Name, string? ParentAcronym);

public static class NetworkChoices
{
    public static async Task<IReadOnlyList<CatalogGroup>> LoadAsync(AppDbContext db, CancellationToken ct)
    {
        var networks = await db.Set<Network>().AsNoTracking().ToListAsync(ct);
        var byId = networks.ToDictionary(n => n.Id);
        // A child (CGLU's Mediterranean commission) is listed right under its parent, in the parent's group.
        Network? ParentOf(Network n) => n.ParentId is { } p && byId.TryGetValue(p, out var parent) ? parent : null;
        string SortKey(Network n) => ParentOf(n) is { } parent ? parent.Acronym + "\u0001" + n.Acronym : n.Acronym;
        return networks
            .GroupBy(n => ParentOf(n)?.Scope ?? n.Scope)
            .OrderBy(g => g.Key)
            .Select(g => new CatalogGroup(g.Key, g
                .OrderBy(SortKey, StringComparer.OrdinalIgnoreCase)
                .Select(n => new CatalogChoice(n.Id, n.Acronym, n.DisplayName().Text, ParentOf(n)?.Acronym))
                .ToList()))
            .ToList();
    }
}
