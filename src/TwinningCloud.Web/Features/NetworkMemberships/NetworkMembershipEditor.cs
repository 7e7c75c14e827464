using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.NetworkMemberships;

/// <summary>What a membership is made of, typed (the API's body; the staff form parses its text into it).</summary>
public sealed record MembershipInput(
    Guid? NetworkId, int? SinceYear, string? Role, decimal? AnnualFee, string? Currency, DateOnly? RenewalOn,
    string? ContactName, string? ContactEmail, string? WorkingGroups, string? Notes, bool? IsPublic);

/// <summary>
/// Creates, changes and deletes the current tenant's network memberships: the one place where a
/// membership is validated (the network exists in the catalogue, one membership per network, a plausible
/// year, a fee ≥ 0 with a three-letter currency, a valid contact address, lengths). The audit trail is
/// written by the DbContext.
/// </summary>
public sealed class NetworkMembershipEditor(AppDbContext db, TimeProvider clock)
{
    public const int FirstYear = 1900;

    /// <summary>The fields in form order (error summaries list them so).</summary>
    public static readonly string[] FieldOrder =
        ["NetworkId", "Role", "SinceYear", "AnnualFee", "Currency", "RenewalOn", "ContactName", "ContactEmail", "WorkingGroups", "Notes", "IsPublic"];

    public Task<NetworkMembership?> FindAsync(Guid id, CancellationToken ct) =>
        db.Set<NetworkMembership>().Include(m => m.Network).FirstOrDefaultAsync(m => m.Id == id, ct);

    public async Task<EditorResult> SaveAsync(Guid? id, MembershipInput input, CancellationToken ct, IReadOnlyDictionary<string, string>? earlierErrors = null)
    {
        NetworkMembership? membership = null;
        if (id is { } existingId)
        {
            membership = await db.Set<NetworkMembership>().FirstOrDefaultAsync(m => m.Id == existingId, ct);
            if (membership is null)
            {
                return EditorResult.Missing;
            }
        }
        var errors = new Dictionary<string, string>(earlierErrors ?? new Dictionary<string, string>());
        await ValidateAsync(id, input, errors, ct);
        if (errors.Count > 0)
        {
            return EditorResult.Invalid(id, errors);
        }
        if (membership is null)
        {
            membership = new NetworkMembership { NetworkId = input.NetworkId!.Value };
            db.Add(membership);
        }
        Apply(membership, input);
        membership.UpdatedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two people adding the same network at once: the unique index decides, the loser is told why.
            db.Entry(membership).State = EntityState.Detached;
            var networkId = input.NetworkId!.Value;
            var savedId = membership.Id;
            if (await db.Set<NetworkMembership>().AsNoTracking().AnyAsync(m => m.NetworkId == networkId && m.Id != savedId, ct))
            {
                return EditorResult.Invalid(id, "NetworkId", "networks.error.network-taken");
            }
            throw;
        }
        return EditorResult.Ok(membership.Id);
    }

    /// <summary>Writes a valid input (see <see cref="ValidateAsync"/>) onto a membership; the caller saves. The one mapping of the form, the API and the import.</summary>
    internal static void Apply(NetworkMembership membership, MembershipInput input)
    {
        membership.NetworkId = input.NetworkId!.Value;
        membership.SinceYear = input.SinceYear;
        membership.Role = ParseRole(input.Role) ?? MembershipRole.Member;
        membership.AnnualFee = input.AnnualFee;
        membership.Currency = (input.Currency?.Trim() is { Length: > 0 } currency ? currency : "EUR").ToUpperInvariant();
        membership.RenewalOn = input.RenewalOn;
        membership.ContactName = Clean(input.ContactName);
        membership.ContactEmail = Clean(input.ContactEmail);
        membership.WorkingGroups = Clean(input.WorkingGroups);
        membership.Notes = Clean(input.Notes);
        membership.IsPublic = input.IsPublic ?? true;
    }

    public async Task<EditorResult> DeleteAsync(Guid id, CancellationToken ct)
    {
        var membership = await db.Set<NetworkMembership>().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (membership is null)
        {
            return EditorResult.Missing;
        }
        db.Remove(membership);
        await db.SaveChangesAsync(ct);
        return EditorResult.Ok(id);
    }

    public static MembershipRole? ParseRole(string? role) =>
        Enum.TryParse<MembershipRole>(role?.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(role, out _) ? parsed : null;

    /// <summary>Every rule of a membership (<paramref name="id"/>: the membership being changed, null for a new one); errors by field, added to <paramref name="errors"/>.</summary>
    internal async Task ValidateAsync(Guid? id, MembershipInput input, Dictionary<string, string> errors, CancellationToken ct)
    {
        if (input.NetworkId is not { } networkId)
        {
            errors.TryAdd("NetworkId", "networks.error.network-required");
        }
        else if (!await db.Set<Network>().AnyAsync(n => n.Id == networkId, ct))
        {
            errors.TryAdd("NetworkId", "networks.error.network-unknown");
        }
        else if (await db.Set<NetworkMembership>().AnyAsync(m => m.NetworkId == networkId && m.Id != id, ct))
        {
            errors.TryAdd("NetworkId", "networks.error.network-taken");
        }
        if (input.Role is not null && ParseRole(input.Role) is null)
        {
            errors.TryAdd("Role", "networks.error.role");
        }
        var thisYear = clock.GetUtcNow().Year;
        if (input.SinceYear is { } year && (year < FirstYear || year > thisYear))
        {
            errors.TryAdd("SinceYear", "networks.error.since-year");
        }
        if (input.AnnualFee is { } fee && (fee < 0 || fee >= 10_000_000_000m || decimal.Round(fee, 2) != fee))
        {
            errors.TryAdd("AnnualFee", "networks.error.fee");
        }
        var currency = input.Currency?.Trim();
        if (!string.IsNullOrEmpty(currency) && (currency.Length != 3 || !currency.All(char.IsAsciiLetter)))
        {
            errors.TryAdd("Currency", "networks.error.currency");
        }
        if (input.RenewalOn is { } renewal && (renewal.Year < FirstYear || renewal.Year > thisYear + 50))
        {
            errors.TryAdd("RenewalOn", "networks.error.renewal");
        }
        CheckLength(errors, "ContactName", input.ContactName, 200);
        var email = Clean(input.ContactEmail);
        if (email is not null && !TwinningCloud.Web.Platform.Email.EmailAddresses.IsValid(email))
        {
            errors.TryAdd("ContactEmail", "networks.error.email");
        }
        CheckLength(errors, "WorkingGroups", input.WorkingGroups, 1000);
        CheckLength(errors, "Notes", input.Notes, 4000);
    }

    private static void CheckLength(Dictionary<string, string> errors, string field, string? value, int max)
    {
        if (Clean(value) is { } text && text.Length > max)
        {
            errors.TryAdd(field, $"networks.error.length-{max}");
        }
        else if (TwinningCloud.Web.Platform.Web.SingleLineText.IsRefused(value, max))
        {
            errors.TryAdd(field, TwinningCloud.Web.Platform.Web.SingleLineText.ErrorKey(max));
        }
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A fee typed by a person: "1500", "1 500,50", "1500.50" (either decimal separator, spaces between thousands).</summary>
    public static bool TryParseFee(string? text, out decimal? fee)
    {
        fee = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        var compact = new string(text.Where(c => !char.IsWhiteSpace(c) && c != '\u202F' && c != '\u00A0').ToArray()).Replace(',', '.');
        if (decimal.TryParse(compact, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            fee = value;
            return true;
        }
        return false;
    }
}
