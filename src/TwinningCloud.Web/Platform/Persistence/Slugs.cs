using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace TwinningCloud.Web.Platform.Persistence;

/// <summary>
/// A tenant-owned entity with a readable address segment (<c>/partner-cities/kobe</c>): made from its
/// name when it is first saved, unique within its tenant and type, and never changed afterwards (a
/// rename keeps its address, so links stay valid).
/// </summary>
public interface IHasSlug : ITenantOwned
{
    string? Slug { get; set; }

    /// <summary>What the slug is made from (the name).</summary>
    string SlugSource { get; }
}

public static class Slugs
{
    /// <summary>Longest slug made from a name; a "-2", "-3"… suffix may follow (the column holds 100).</summary>
    public const int MaxBaseLength = 80;

    /// <summary>"Saint-Étienne-du-Rouvray" → "saint-etienne-du-rouvray"; only a–z, 0–9 and single dashes; <paramref name="fallback"/> when nothing is left (a name in another script).</summary>
    public static string From(string text, string fallback)
    {
        var decomposed = text.Normalize(NormalizationForm.FormKD);
        var slug = new StringBuilder(Math.Min(decomposed.Length, MaxBaseLength));
        var dash = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            var lower = char.ToLowerInvariant(c);
            if (lower is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                if (dash && slug.Length > 0)
                {
                    slug.Append('-');
                }
                dash = false;
                slug.Append(lower);
            }
            else
            {
                dash = true;
            }
            if (slug.Length >= MaxBaseLength)
            {
                break;
            }
        }
        var result = slug.ToString().Trim('-');
        return result.Length == 0 || Guid.TryParse(result, out _) ? fallback : result;
    }

    /// <summary>Gives each entity without a slug one made from its name, unique among the current tenant's entities of type <typeparamref name="T"/> (saved or about to be).</summary>
    public static async Task AssignAsync<T>(AppDbContext db, IEnumerable<IHasSlug> entities, string fallback, CancellationToken ct) where T : class, IHasSlug
    {
        var taken = (await db.Set<T>().Where(e => e.Slug != null).Select(e => e.Slug!).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        taken.UnionWith(db.ChangeTracker.Entries<T>().Select(e => e.Entity.Slug).OfType<string>());
        foreach (var entity in entities.Where(e => string.IsNullOrEmpty(e.Slug)))
        {
            var slugBase = From(entity.SlugSource, fallback);
            var slug = slugBase;
            for (var n = 2; !taken.Add(slug); n++)
            {
                slug = string.Create(CultureInfo.InvariantCulture, $"{slugBase}-{n}");
            }
            entity.Slug = slug;
        }
    }

    /// <summary>Called by <see cref="AppDbContext.SaveChangesAsync(bool, CancellationToken)"/>: slugs for the new entities that have none.</summary>
    internal static async Task AssignNewAsync(AppDbContext db, CancellationToken ct)
    {
        var pending = db.ChangeTracker.Entries<IHasSlug>()
            .Where(e => e.State == EntityState.Added && string.IsNullOrEmpty(e.Entity.Slug))
            .Select(e => e.Entity).ToList();
        foreach (var group in pending.GroupBy(e => e.GetType()))
        {
            var assign = typeof(Slugs).GetMethod(nameof(AssignAsync))!.MakeGenericMethod(group.Key);
            await (Task)assign.Invoke(null, [db, group.ToList(), group.Key.Name.ToLowerInvariant(), ct])!;
        }
    }
}
