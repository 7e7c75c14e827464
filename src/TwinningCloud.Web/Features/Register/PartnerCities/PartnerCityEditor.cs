using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Web;
using TwinningCloud.Web.Features.Register.Agreements;

namespace TwinningCloud.Web.Features.Register.PartnerCities;

/// <summary>What staff (form or API) give to create or change a partner city.</summary>
public sealed class PartnerCityInput
{
    public string? Name { get; set; }
    /// <summary>The name in French / in English (exonyms: Anvers / Antwerp) when it differs from <see cref="Name"/>'s language.</summary>
    public string? NameFr { get; set; }
    public string? NameEn { get; set; }
    public string? LocalName { get; set; }
    public string? CountryCode { get; set; }
    public string? Region { get; set; }
    public long? Population { get; set; }
    public int? PopulationYear { get; set; }
    public string? LeaderTitle { get; set; }
    public string? LeaderName { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public string? Website { get; set; }
    public string? Notes { get; set; }
    public bool IsPublic { get; set; } = true;

    public static PartnerCityInput From(PartnerCity c) => new()
    {
        Name = c.Name, NameFr = c.NameFr, NameEn = c.NameEn, LocalName = c.LocalName, CountryCode = c.CountryCode, Region = c.Region, Population = c.Population,
        PopulationYear = c.PopulationYear, LeaderTitle = c.LeaderTitle, LeaderName = c.LeaderName, Latitude = c.Latitude,
        Longitude = c.Longitude, Website = c.Website, Notes = c.Notes, IsPublic = c.IsPublic,
    };
}

/// <summary>Creates, changes and deletes the current tenant's partner cities: every rule in one place, for the pages and the API.</summary>
public sealed class PartnerCityEditor(AppDbContext db, Countries countries, TimeProvider clock)
{
    public async Task<EditorResult> SaveAsync(Guid? id, PartnerCityInput input, CancellationToken ct)
    {
        var city = id is { } existing ? await db.Set<PartnerCity>().FirstOrDefaultAsync(c => c.Id == existing, ct) : null;
        if (id is not null && city is null)
        {
            return EditorResult.Missing;
        }
        var errors = Validate(input);
        if (errors.Count > 0)
        {
            return EditorResult.Invalid(id, errors);
        }
        if (city is null)
        {
            city = new PartnerCity { Name = string.Empty, CountryCode = string.Empty };
            db.Add(city);
        }
        Apply(city, input);
        city.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return EditorResult.Ok(city.Id);
    }

    /// <summary>Writes a valid input (see <see cref="Validate"/>) onto a city; the caller saves. The one mapping of the form, the API and the import.</summary>
    internal static void Apply(PartnerCity city, PartnerCityInput input)
    {
        city.Name = input.Name!.Trim();
        city.NameFr = Clean(input.NameFr);
        city.NameEn = Clean(input.NameEn);
        city.LocalName = Clean(input.LocalName);
        city.CountryCode = input.CountryCode!.Trim().ToUpperInvariant();
        city.Region = Clean(input.Region);
        city.Population = input.Population;
        city.PopulationYear = input.PopulationYear;
        city.LeaderTitle = Clean(input.LeaderTitle);
        city.LeaderName = Clean(input.LeaderName);
        city.Latitude = input.Latitude;
        city.Longitude = input.Longitude;
        city.Website = Clean(input.Website);
        city.Notes = Clean(input.Notes);
        city.IsPublic = input.IsPublic;
    }

    /// <summary>Deletes a city, refused while it is a party of an agreement.</summary>
    public async Task<EditorResult> DeleteAsync(Guid id, CancellationToken ct)
    {
        var city = await db.Set<PartnerCity>().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (city is null)
        {
            return EditorResult.Missing;
        }
        if (await db.Set<AgreementParty>().AnyAsync(p => p.PartnerCityId == id, ct))
        {
            return EditorResult.Invalid(id, "", "agreements.city.error.in-use");
        }
        db.Remove(city);
        await db.SaveChangesAsync(ct);
        return EditorResult.Ok(id);
    }

    public Dictionary<string, string> Validate(PartnerCityInput input)
    {
        var errors = new Dictionary<string, string>();
        var year = clock.GetUtcNow().Year;
        Text(errors, nameof(input.Name), input.Name, 200, required: true);
        Text(errors, nameof(input.NameFr), input.NameFr, 200);
        Text(errors, nameof(input.NameEn), input.NameEn, 200);
        Text(errors, nameof(input.LocalName), input.LocalName, 200);
        if (string.IsNullOrWhiteSpace(input.CountryCode))
        {
            errors[nameof(input.CountryCode)] = "agreements.error.country-required";
        }
        else if (input.CountryCode.Trim().Length != 2 || !countries.IsKnown(input.CountryCode.Trim()))
        {
            errors[nameof(input.CountryCode)] = "agreements.error.country-unknown";
        }
        Text(errors, nameof(input.Region), input.Region, 200);
        if (input.Population is < 0)
        {
            errors[nameof(input.Population)] = "agreements.error.population";
        }
        if (input.PopulationYear is { } py && (py < 1000 || py > year))
        {
            errors[nameof(input.PopulationYear)] = "agreements.error.year";
        }
        Text(errors, nameof(input.LeaderTitle), input.LeaderTitle, 120);
        Text(errors, nameof(input.LeaderName), input.LeaderName, 200);
        if (input.Latitude is { } lat && (double.IsNaN(lat) || lat < -90 || lat > 90))
        {
            errors[nameof(input.Latitude)] = "agreements.error.latitude";
        }
        if (input.Longitude is { } lon && (double.IsNaN(lon) || lon < -180 || lon > 180))
        {
            errors[nameof(input.Longitude)] = "agreements.error.longitude";
        }
        if (input.Latitude.HasValue != input.Longitude.HasValue)
        {
            errors.TryAdd(input.Latitude.HasValue ? nameof(input.Longitude) : nameof(input.Latitude), "agreements.error.coordinates-pair");
        }
        if (!Text(errors, nameof(input.Website), input.Website, 500) && !string.IsNullOrWhiteSpace(input.Website)
            && !(Uri.TryCreate(input.Website.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            errors[nameof(input.Website)] = "agreements.error.website";
        }
        Text(errors, nameof(input.Notes), input.Notes, 4000);
        return errors;
    }

    /// <summary>
    /// Checks a text's presence, length and characters; true when an error was recorded. A field of at most 500
    /// characters is one line (no control character at all); a longer one (notes, summaries) may hold line breaks
    /// and tabs, no other control character (see <see cref="SingleLineText"/>).
    /// </summary>
    internal static bool Text(Dictionary<string, string> errors, string field, string? value, int max, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors[field] = "agreements.error.required";
                return true;
            }
            return false;
        }
        if (value.Trim().Length > max)
        {
            errors[field] = max switch
            {
                <= 120 => "agreements.error.too-long-120",
                <= 200 => "agreements.error.too-long-200",
                <= 500 => "agreements.error.too-long-500",
                <= 2000 => "agreements.error.too-long-2000",
                _ => "agreements.error.too-long-4000",
            };
            return true;
        }
        if (SingleLineText.IsRefused(value, max))
        {
            errors[field] = SingleLineText.ErrorKey(max);
            return true;
        }
        return false;
    }

    internal static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
