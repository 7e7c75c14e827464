using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Collectives;

/// <summary>
/// The citizens' one-time links and sessions: a random secret goes into the mail (or the cookie), only its
/// SHA-256 is stored, in the town's rows (a link of one town is worth nothing in another: the query filter).
/// A link is used once: a conditional update marks it used, so two clicks at once cannot both succeed.
/// </summary>
public sealed class CitizenTokens(AppDbContext db, TimeProvider clock, IDataProtectionProvider protection, TenantContext tenant)
{
    public static readonly TimeSpan ConfirmLifetime = TimeSpan.FromDays(7);
    public static readonly TimeSpan SignInLifetime = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(2);
    public static readonly TimeSpan ChangeEmailLifetime = TimeSpan.FromHours(24);

    public static TimeSpan LifetimeOf(CitizenTokenPurpose purpose) => purpose switch
    {
        CitizenTokenPurpose.Confirm or CitizenTokenPurpose.Invitation => ConfirmLifetime,
        CitizenTokenPurpose.SignIn => SignInLifetime,
        CitizenTokenPurpose.Session => SessionLifetime,
        _ => ChangeEmailLifetime,
    };

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Adds a token (saved by the caller) and returns its secret.</summary>
    public string Issue(CitizenTokenPurpose purpose, string email, Guid? memberId = null, string? oldEmail = null)
    {
        var secret = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        db.Add(new CitizenToken
        {
            Hash = HashOf(secret), Purpose = purpose, Email = email, MemberId = memberId, OldEmail = oldEmail,
            CreatedAt = now, ExpiresAt = now + LifetimeOf(purpose),
        });
        return secret;
    }

    /// <summary>The valid (unused, unexpired) token of this purpose, without using it.</summary>
    public async Task<CitizenToken?> PeekAsync(string? secret, CitizenTokenPurpose purpose, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 200)
        {
            return null;
        }
        var hash = HashOf(secret);
        var now = clock.GetUtcNow();
        return await db.Set<CitizenToken>().AsNoTracking()
            .FirstOrDefaultAsync(t => t.Hash == hash && t.Purpose == purpose && t.UsedAt == null && t.ExpiresAt > now, ct);
    }

    /// <summary>Marks the token used when it still is valid; true for exactly one caller.</summary>
    public async Task<bool> UseAsync(Guid tokenId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return await db.Set<CitizenToken>()
            .Where(t => t.Id == tokenId && t.UsedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), ct) == 1;
    }

    /// <summary>The secret of a one-click unsubscribe link: never stored, bound to this town and this member.</summary>
    public string UnsubscribeSecret(Guid memberId) =>
        WebEncoders.Base64UrlEncode(Protector().Protect(memberId.ToByteArray()));

    public Guid? MemberOfUnsubscribe(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 500)
        {
            return null;
        }
        try
        {
            var bytes = Protector().Unprotect(WebEncoders.Base64UrlDecode(secret));
            return bytes.Length == 16 ? new Guid(bytes) : null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }

    private IDataProtector Protector() => protection.CreateProtector("collectives.unsubscribe", tenant.Required.Id.ToString("N"));
}
