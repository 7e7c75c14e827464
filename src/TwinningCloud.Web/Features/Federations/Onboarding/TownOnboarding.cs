using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Federations.Directory;
using TwinningCloud.Web.Features.Operator.Tenants;
using TwinningCloud.Web.Platform.Email;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Onboarding;

/// <summary>What a federation admin fills in to onboard a town.</summary>
public sealed class OnboardingForm
{
    public string? TownName { get; set; }
    /// <summary>The web address name (<c>/saint-denis</c>); filled in from the name when left empty.</summary>
    public string? Slug { get; set; }
    public string? CountryCode { get; set; } = "FR";
    public string DefaultCulture { get; set; } = SupportedCultures.French;
    public string TimeZoneId { get; set; } = "Europe/Paris";
    public List<string> Modules { get; set; } = [ModuleKeys.Agreements, ModuleKeys.FederationDirectory];
    public string? AdminEmail { get; set; }
    public string? AdminName { get; set; }
}

public sealed record OnboardingResult(FederationOnboarding? Onboarding, IReadOnlyDictionary<string, string> Errors, bool AlreadyThere = false)
{
    public bool Succeeded => Errors.Count == 0 && Onboarding is not null;
}

/// <summary>
/// A federation brings a town onto the platform: creates its tenant (in preparation, like the operator's new
/// towns: <see cref="TenantEditor"/>), makes it a member, and invites its first administrator by email (a link to
/// the town's own site, from configuration). Follows the onboarding along (<see cref="RefreshAsync"/>), resends
/// the invitation, cancels (removing the empty tenant of an invitation never accepted).
/// </summary>
public sealed class TownOnboarding(
    AppDbContext db, TenantEditor tenants, TenantCatalog catalog, StaffInvitations invitations, UserManager<AppUser> users,
    MemberData memberData, TwinningCloud.Web.Features.Register.PartnerCities.Countries countries, ModuleCatalog modules, TimeProvider clock, ILogger<TownOnboarding> logger)
{
    public const int MaxTimeZones = 600;

    /// <summary>The time zones offered by the form (IANA ids known to this machine).</summary>
    public static IReadOnlyList<string> TimeZones { get; } = TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/', StringComparison.Ordinal)).Order(StringComparer.Ordinal).Take(MaxTimeZones).ToList();

    /// <summary>Checks the form without writing (the bulk preview uses it too). Keys of the dictionary are field names, values text keys.</summary>
    public async Task<Dictionary<string, string>> ValidateAsync(OnboardingForm form, CancellationToken ct, bool checkSlugTaken = true)
    {
        var errors = new Dictionary<string, string>();
        form.Slug = string.IsNullOrWhiteSpace(form.Slug) ? SlugFrom(form.TownName ?? string.Empty) : form.Slug.Trim().ToLowerInvariant();
        if (string.IsNullOrWhiteSpace(form.TownName))
        {
            errors[nameof(form.TownName)] = "federations.onboard.error.name";
        }
        else if (form.TownName.Trim().Length > 200 || TwinningCloud.Web.Platform.Web.SingleLineText.HasControlCharacters(form.TownName))
        {
            errors[nameof(form.TownName)] = "federations.onboard.error.name-format";
        }
        if (!TenantSlug.IsWellFormed(form.Slug) || TenantSlug.Reserved.Contains(form.Slug))
        {
            errors[nameof(form.Slug)] = "federations.onboard.error.slug";
        }
        else if (checkSlugTaken && await db.Tenants.AnyAsync(t => t.Slug == form.Slug, ct))
        {
            errors[nameof(form.Slug)] = "federations.onboard.error.slug-taken";
        }
        form.CountryCode = form.CountryCode?.Trim().ToUpperInvariant();
        if (!countries.IsKnown(form.CountryCode))
        {
            errors[nameof(form.CountryCode)] = "federations.onboard.error.country";
        }
        if (!SupportedCultures.IsSupported(form.DefaultCulture))
        {
            errors[nameof(form.DefaultCulture)] = "federations.onboard.error.culture";
        }
        if (!TimeZones.Contains(form.TimeZoneId?.Trim() ?? string.Empty))
        {
            errors[nameof(form.TimeZoneId)] = "federations.onboard.error.time-zone";
        }
        if (form.Modules.Count == 0 || form.Modules.Any(m => !modules.IsKnown(m)))
        {
            errors[nameof(form.Modules)] = "federations.onboard.error.modules";
        }
        form.AdminEmail = form.AdminEmail?.Trim();
        if (!EmailAddresses.IsValid(form.AdminEmail))
        {
            errors[nameof(form.AdminEmail)] = "federations.onboard.error.email";
        }
        if (!string.IsNullOrWhiteSpace(form.AdminName) && !StaffInvitations.IsValidName(form.AdminName))
        {
            errors[nameof(form.AdminName)] = "federations.onboard.error.admin-name";
        }
        return errors;
    }

    /// <summary>Onboards one town. A town of the same address already onboarded by this federation is reported, not made twice.</summary>
    public async Task<OnboardingResult> OnboardAsync(Federation federation, OnboardingForm form, Guid invitedBy, CancellationToken ct, Guid? importId = null)
    {
        var errors = await ValidateAsync(form, ct, checkSlugTaken: false);
        if (errors.Count == 0
            && await db.Set<FederationOnboarding>().FirstOrDefaultAsync(o => o.FederationId == federation.Id && o.Slug == form.Slug && o.Status != OnboardingStatus.Cancelled, ct) is { } existing)
        {
            return new OnboardingResult(existing, errors, AlreadyThere: true); // this federation onboarded it already: nothing is made twice
        }
        if (!errors.ContainsKey(nameof(form.Slug)) && await db.Tenants.AnyAsync(t => t.Slug == form.Slug, ct))
        {
            errors[nameof(form.Slug)] = "federations.onboard.error.slug-taken";
        }
        if (errors.Count > 0)
        {
            return new OnboardingResult(null, errors);
        }
        var saved = await tenants.SaveAsync(null, new TenantForm
        {
            Slug = form.Slug, DisplayName = form.TownName!.Trim(), DefaultCulture = form.DefaultCulture, TimeZoneId = form.TimeZoneId.Trim(),
            Modules = form.Modules.Distinct().ToList(),
        }, null, ct);
        if (!saved.Succeeded)
        {
            return new OnboardingResult(null, saved.Errors.ToDictionary(e => e.Key == nameof(TenantForm.DisplayName) ? nameof(form.TownName) : e.Key, e => e.Value));
        }
        var tenantId = saved.Id!.Value;
        var now = clock.GetUtcNow();
        var onboarding = new FederationOnboarding
        {
            FederationId = federation.Id, TenantId = tenantId, TownName = form.TownName.Trim(), Slug = form.Slug!, AdminEmail = form.AdminEmail!, CountryCode = form.CountryCode!,
            ImportId = importId, CreatedAt = now, InvitationSentAt = now,
        };
        db.Add(onboarding);
        db.Add(new FederationMember { FederationId = federation.Id, TenantId = tenantId, Status = MemberStatus.Accepted, InvitedAt = now, AnsweredAt = now });
        await db.SaveChangesAsync(ct);
        catalog.Invalidate();
        var tenant = (await catalog.FindByIdAsync(tenantId, ct))!;
        await invitations.InviteToTenantAsync(tenant, form.AdminEmail!, string.IsNullOrWhiteSpace(form.AdminName) ? form.AdminEmail! : form.AdminName!, Roles.TenantAdmin, invitedBy, ct);
        logger.LogInformation("Federation {Federation} onboarded {Tenant}", federation.Slug, tenant.Slug);
        return new OnboardingResult(onboarding, new Dictionary<string, string>());
    }

    public async Task<FederationOnboarding?> FindAsync(Guid federationId, Guid id, CancellationToken ct) =>
        await db.Set<FederationOnboarding>().FirstOrDefaultAsync(o => o.FederationId == federationId && o.Id == id, ct);

    /// <summary>Sends the invitation again (a new link); only while it has not been accepted.</summary>
    public async Task<bool> ResendAsync(Federation federation, Guid id, Guid invitedBy, CancellationToken ct)
    {
        var onboarding = await FindAsync(federation.Id, id, ct);
        if (onboarding is not { Status: OnboardingStatus.Invited, TenantId: { } tenantId } || await catalog.FindByIdAsync(tenantId, ct) is not { } tenant)
        {
            return false;
        }
        var user = await users.FindByEmailAsync(onboarding.AdminEmail);
        await invitations.InviteToTenantAsync(tenant, onboarding.AdminEmail, user?.DisplayName is { Length: > 0 } name ? name : onboarding.AdminEmail, Roles.TenantAdmin, invitedBy, ct);
        onboarding.InvitationSentAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// Cancels an onboarding. One whose invitation was never accepted removes the town it created (still empty:
    /// nobody could sign in to fill it), and the invited account if it has no role anywhere and no password.
    /// </summary>
    public async Task<bool> CancelAsync(Federation federation, Guid id, CancellationToken ct)
    {
        var onboarding = await FindAsync(federation.Id, id, ct);
        if (onboarding is null || onboarding.Status == OnboardingStatus.Cancelled)
        {
            return false;
        }
        await RefreshAsync(federation.Id, ct);
        onboarding.CancelledAt = clock.GetUtcNow();
        var neverAccepted = onboarding.Status == OnboardingStatus.Invited;
        onboarding.Status = OnboardingStatus.Cancelled;
        if (neverAccepted && onboarding.TenantId is { } tenantId)
        {
            var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == tenantId, ct);
            if (tenant is not null)
            {
                db.Tenants.Remove(tenant); // its memberships, roles and initial vocabulary go with it (cascades)
            }
            onboarding.TenantId = null;
            await db.SaveChangesAsync(ct);
            catalog.Invalidate();
            var user = await users.FindByEmailAsync(onboarding.AdminEmail);
            if (user is not null && !await users.HasPasswordAsync(user)
                && !await memberData.HasAnyTownRoleAsync(user.Id, ct)
                && !await db.Set<FederationMembership>().AnyAsync(m => m.UserId == user.Id, ct))
            {
                await users.DeleteAsync(user);
            }
            logger.LogInformation("Federation {Federation} cancelled the onboarding of {Slug}; its empty town was removed", federation.Slug, onboarding.Slug);
        }
        else
        {
            await db.SaveChangesAsync(ct);
        }
        return true;
    }

    /// <summary>
    /// Moves each open onboarding of the federation forward from what happened since: the administrator chose a
    /// password (invitation accepted), the town has a public agreement or partner city (first data published),
    /// the town published its site (active). Statuses never move back.
    /// </summary>
    public async Task RefreshAsync(Guid federationId, CancellationToken ct)
    {
        var open = await db.Set<FederationOnboarding>()
            .Where(o => o.FederationId == federationId && o.TenantId != null && o.Status != OnboardingStatus.Cancelled && o.Status != OnboardingStatus.Active)
            .ToListAsync(ct);
        if (open.Count == 0)
        {
            return;
        }
        var emails = open.Select(o => o.AdminEmail.ToUpperInvariant()).Distinct().ToList();
        var accepted = (await db.Users.Where(u => emails.Contains(u.NormalizedEmail!) && u.EmailConfirmed && u.PasswordHash != null)
            .Select(u => u.NormalizedEmail!).ToListAsync(ct)).ToHashSet();
        var tenantIds = open.Select(o => o.TenantId!.Value).ToList();
        var withData = await memberData.WithPublicDataAsync(tenantIds, ct);
        var published = (await db.Tenants.Where(t => tenantIds.Contains(t.Id) && !t.InPreparation).Select(t => t.Id).ToListAsync(ct)).ToHashSet();
        var now = clock.GetUtcNow();
        foreach (var o in open)
        {
            if (o.Status == OnboardingStatus.Invited && accepted.Contains(o.AdminEmail.ToUpperInvariant()))
            {
                o.Status = OnboardingStatus.InvitationAccepted;
                o.AcceptedAt = now;
            }
            if (o.Status == OnboardingStatus.InvitationAccepted && withData.Contains(o.TenantId!.Value))
            {
                o.Status = OnboardingStatus.FirstDataPublished;
                o.FirstPublishedAt = now;
            }
            if (o.Status == OnboardingStatus.FirstDataPublished && published.Contains(o.TenantId!.Value))
            {
                o.Status = OnboardingStatus.Active;
                o.ActiveAt = now;
            }
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The web address name made from a town's name ("Saint-Étienne" → "saint-etienne"), at most 63 characters.</summary>
    public static string SlugFrom(string name)
    {
        var slug = Slugs.From(name, "town");
        return slug.Length > 63 ? slug[..63].TrimEnd('-') : slug;
    }

    public static string Format(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
