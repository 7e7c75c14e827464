using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Register.Domains.Staff;

/// <summary>
/// The tenant's bilingual vocabulary of cooperation domains: add a domain (its key is made from the French
/// name, unique in the town), rename one, delete one that no agreement uses.
/// </summary>
public sealed class DomainVocabulary(AppDbContext db)
{
    public const int MaxNameLength = 120;
    public const int MaxKeyLength = 60;

    public Task<List<CooperationDomain>> ListAsync(CancellationToken ct) =>
        db.Set<CooperationDomain>().AsNoTracking().OrderBy(d => d.NameFr).ToListAsync(ct);

    /// <summary>How many agreements use each domain.</summary>
    public Task<Dictionary<Guid, int>> UsageAsync(CancellationToken ct) =>
        db.Set<AgreementDomain>().AsNoTracking().GroupBy(d => d.DomainId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);

    public async Task<EditorResult<CooperationDomain>> AddAsync(string? nameFr, string? nameEn, CancellationToken ct)
    {
        var errors = Validate(nameFr, nameEn);
        if (errors.Count > 0)
        {
            return EditorResult<CooperationDomain>.Invalid(errors);
        }
        var baseKey = KeyOf(nameFr!);
        if (baseKey.Length == 0)
        {
            return EditorResult<CooperationDomain>.Invalid("NameFr", "networks.domains.error.name-letters");
        }
        var taken = await db.Set<CooperationDomain>().Where(d => d.Key.StartsWith(baseKey)).Select(d => d.Key).ToListAsync(ct);
        var key = baseKey;
        for (var n = 2; taken.Contains(key); n++)
        {
            var suffix = "-" + n.ToString(CultureInfo.InvariantCulture);
            key = baseKey[..Math.Min(baseKey.Length, MaxKeyLength - suffix.Length)] + suffix;
        }
        var domain = new CooperationDomain { Key = key, NameFr = nameFr!.Trim(), NameEn = nameEn!.Trim() };
        db.Add(domain);
        await db.SaveChangesAsync(ct);
        return EditorResult<CooperationDomain>.Ok(domain);
    }

    public async Task<EditorResult<CooperationDomain>> RenameAsync(Guid id, string? nameFr, string? nameEn, CancellationToken ct)
    {
        var domain = await db.Set<CooperationDomain>().FirstOrDefaultAsync(d => d.Id == id, ct);
        if (domain is null)
        {
            return EditorResult<CooperationDomain>.Missing;
        }
        var errors = Validate(nameFr, nameEn);
        if (errors.Count > 0)
        {
            return EditorResult<CooperationDomain>.Invalid(errors, domain);
        }
        // The key stays: imports and filters keep working after a rename.
        domain.NameFr = nameFr!.Trim();
        domain.NameEn = nameEn!.Trim();
        await db.SaveChangesAsync(ct);
        return EditorResult<CooperationDomain>.Ok(domain);
    }

    public async Task<EditorResult<CooperationDomain>> DeleteAsync(Guid id, CancellationToken ct)
    {
        var domain = await db.Set<CooperationDomain>().FirstOrDefaultAsync(d => d.Id == id, ct);
        if (domain is null)
        {
            return EditorResult<CooperationDomain>.Missing;
        }
        var usedBy = await db.Set<AgreementDomain>().CountAsync(d => d.DomainId == id, ct);
        if (usedBy > 0)
        {
            return EditorResult<CooperationDomain>.Invalid("", "networks.domains.error.in-use", domain);
        }
        db.Remove(domain);
        await db.SaveChangesAsync(ct);
        return EditorResult<CooperationDomain>.Ok(domain);
    }

    /// <summary>"Gestion des risques" → "gestion-des-risques"; "Éducation & jeunesse" → "education-jeunesse"; "Œuvres" → "oeuvres".</summary>
    public static string KeyOf(string name)
    {
        var builder = new StringBuilder();
        foreach (var c in name.Trim().Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            var lower = char.ToLowerInvariant(c);
            if (lower is 'œ' or 'æ')
            {
                builder.Append(lower == 'œ' ? "oe" : "ae");
            }
            else if (char.IsAsciiLetterOrDigit(lower))
            {
                builder.Append(lower);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }
        var key = builder.ToString().Trim('-');
        return key.Length > MaxKeyLength - 4 ? key[..(MaxKeyLength - 4)].TrimEnd('-') : key;
    }

    private static Dictionary<string, string> Validate(string? nameFr, string? nameEn)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(nameFr))
        {
            errors["NameFr"] = "networks.domains.error.name-fr-required";
        }
        else if (nameFr.Trim().Length > MaxNameLength)
        {
            errors["NameFr"] = "networks.domains.error.name-length";
        }
        else if (TwinningCloud.Web.Platform.Web.SingleLineText.HasControlCharacters(nameFr))
        {
            errors["NameFr"] = "field.error.control-characters";
        }
        if (string.IsNullOrWhiteSpace(nameEn))
        {
            errors["NameEn"] = "networks.domains.error.name-en-required";
        }
        else if (nameEn.Trim().Length > MaxNameLength)
        {
            errors["NameEn"] = "networks.domains.error.name-length";
        }
        else if (TwinningCloud.Web.Platform.Web.SingleLineText.HasControlCharacters(nameEn))
        {
            errors["NameEn"] = "field.error.control-characters";
        }
        return errors;
    }
}
