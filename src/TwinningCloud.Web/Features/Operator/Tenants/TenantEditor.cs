using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Platform.Demo;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Operator.Tenants;

/// <summary>What the operator fills in to create or change a tenant.</summary>
public sealed class TenantForm
{
    public string? Slug { get; set; }
    public string? DisplayName { get; set; }
    public string DefaultCulture { get; set; } = SupportedCultures.French;
    public string TimeZoneId { get; set; } = "Europe/Paris";
    public TenantStatus Status { get; set; } = TenantStatus.Active;
    public string BrandColor { get; set; } = "#1d4f91";
    /// <summary>One host name a line (host mode); may be empty.</summary>
    public string? HostNames { get; set; }
    public List<string> Modules { get; set; } = [ModuleKeys.Agreements];
    public bool RemoveLogo { get; set; }
    /// <summary>Where the town is, marked on its public map: latitude and longitude in decimal degrees (a dot), both or neither.</summary>
    public string? Latitude { get; set; }
    public string? Longitude { get; set; }

    public static TenantForm From(Tenant t) => new()
    {
        Slug = t.Slug, DisplayName = t.DisplayName, DefaultCulture = t.DefaultCulture, TimeZoneId = t.TimeZoneId,
        Status = t.Status, BrandColor = t.BrandColor, HostNames = string.Join('\n', t.Hosts.Select(h => h.HostName)),
        Modules = t.Modules.Select(m => m.ModuleKey).ToList(),
        Latitude = t.Latitude?.ToString(CultureInfo.InvariantCulture), Longitude = t.Longitude?.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The position typed, or null when a field is empty, not a number or out of range.</summary>
    public static double? Coordinate(string? text, double limit) =>
        double.TryParse(text?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && !double.IsNaN(v) && Math.Abs(v) <= limit ? v : null;
}

/// <summary>An uploaded logo, already read into memory by the page.</summary>
public sealed record LogoUpload(byte[] Content, bool TooLarge = false);

/// <summary>Creates and changes tenants (operator only). Every change invalidates the tenant cache.</summary>
public sealed partial class TenantEditor(
    AppDbContext db, TenantCatalog catalog, ModuleCatalog modules, IServiceScopeFactory scopes, PublicOrigin origin, ILogger<TenantEditor> logger)
{
    public const int MaxLogoBytes = 512 * 1024;

    public async Task<Tenant?> FindAsync(Guid id, CancellationToken ct) =>
        await db.Tenants.Include(t => t.Hosts).Include(t => t.Modules).AsSplitQuery().FirstOrDefaultAsync(t => t.Id == id, ct);

    public async Task<EditorResult> SaveAsync(Guid? id, TenantForm form, LogoUpload? logo, CancellationToken ct)
    {
        var tenant = id is { } existingId ? await FindAsync(existingId, ct) : null;
        var isNew = tenant is null;
        if (id is not null && tenant is null)
        {
            return EditorResult.Missing;
        }
        var errors = await ValidateAsync(id, form, logo, ct);
        if (errors.Count > 0)
        {
            return EditorResult.Invalid(id, errors);
        }
        if (tenant is null)
        {
            // A new town prepares its site in private until its admin publishes it (Features/Onboarding).
            tenant = new Tenant { Slug = form.Slug!.Trim(), DisplayName = form.DisplayName!.Trim(), InPreparation = true };
            db.Tenants.Add(tenant);
        }
        tenant.Slug = form.Slug!.Trim();
        tenant.DisplayName = form.DisplayName!.Trim();
        tenant.DefaultCulture = form.DefaultCulture;
        tenant.TimeZoneId = form.TimeZoneId.Trim();
        tenant.Status = form.Status;
        tenant.BrandColor = form.BrandColor.Trim().ToLowerInvariant();
        tenant.Latitude = TenantForm.Coordinate(form.Latitude, 90);
        tenant.Longitude = TenantForm.Coordinate(form.Longitude, 180);
        tenant.UpdatedAt = DateTimeOffset.UtcNow;
        var hosts = ParseHosts(form.HostNames);
        tenant.Hosts.RemoveAll(h => !hosts.Contains(h.HostName));
        tenant.Hosts.AddRange(hosts.Where(h => tenant.Hosts.All(x => x.HostName != h)).Select(h => new TenantHost { HostName = h }));
        var enabled = form.Modules.Where(modules.IsKnown).Distinct().ToList();
        tenant.Modules.RemoveAll(m => !enabled.Contains(m.ModuleKey));
        tenant.Modules.AddRange(enabled.Where(k => tenant.Modules.All(m => m.ModuleKey != k)).Select(k => new TenantModule { ModuleKey = k }));
        if (logo is not null)
        {
            tenant.LogoContent = logo.Content;
            tenant.LogoContentType = ImageTypeOf(logo.Content);
        }
        else if (form.RemoveLogo)
        {
            tenant.LogoContent = null;
            tenant.LogoContentType = null;
        }
        await db.SaveChangesAsync(ct);
        catalog.Invalidate();
        if (isNew)
        {
            await scopes.InitializeTenantAsync(TenantInfo.From(tenant), ct);
        }
        logger.LogInformation("Tenant {Tenant} saved: status {Status}, modules {Modules}", tenant.Slug, tenant.Status, string.Join(",", enabled));
        return EditorResult.Ok(tenant.Id);
    }

    private async Task<Dictionary<string, string>> ValidateAsync(Guid? id, TenantForm form, LogoUpload? logo, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var slug = form.Slug?.Trim();
        if (string.IsNullOrEmpty(slug))
        {
            errors[nameof(form.Slug)] = "tenants.error.slug-required";
        }
        else if (!TenantSlug.IsWellFormed(slug))
        {
            errors[nameof(form.Slug)] = "tenants.error.slug-format";
        }
        else if (TenantSlug.Reserved.Contains(slug))
        {
            errors[nameof(form.Slug)] = "tenants.error.slug-reserved";
        }
        else if (await db.Tenants.AnyAsync(t => t.Slug == slug && t.Id != id, ct))
        {
            errors[nameof(form.Slug)] = "tenants.error.slug-taken";
        }
        if (string.IsNullOrWhiteSpace(form.DisplayName))
        {
            errors[nameof(form.DisplayName)] = "tenants.error.name-required";
        }
        else if (form.DisplayName.Trim().Length > 200)
        {
            errors[nameof(form.DisplayName)] = "tenants.error.name-length";
        }
        else if (TwinningCloud.Web.Platform.Web.SingleLineText.HasControlCharacters(form.DisplayName))
        {
            errors[nameof(form.DisplayName)] = "field.error.control-characters";
        }
        if (!SupportedCultures.IsSupported(form.DefaultCulture))
        {
            errors[nameof(form.DefaultCulture)] = "tenants.error.culture";
        }
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(form.TimeZoneId?.Trim() ?? string.Empty, out _))
        {
            errors[nameof(form.TimeZoneId)] = "tenants.error.time-zone";
        }
        if (!Enum.IsDefined(form.Status))
        {
            errors[nameof(form.Status)] = "tenants.error.status";
        }
        var latitudeTyped = !string.IsNullOrWhiteSpace(form.Latitude);
        var longitudeTyped = !string.IsNullOrWhiteSpace(form.Longitude);
        if (latitudeTyped && TenantForm.Coordinate(form.Latitude, 90) is null)
        {
            errors[nameof(form.Latitude)] = "agreements.error.latitude";
        }
        if (longitudeTyped && TenantForm.Coordinate(form.Longitude, 180) is null)
        {
            errors[nameof(form.Longitude)] = "agreements.error.longitude";
        }
        if (latitudeTyped != longitudeTyped)
        {
            errors.TryAdd(latitudeTyped ? nameof(form.Longitude) : nameof(form.Latitude), "agreements.error.coordinates-pair");
        }
        if (!ColorPattern().IsMatch(form.BrandColor?.Trim() ?? string.Empty))
        {
            errors[nameof(form.BrandColor)] = "tenants.error.color-format";
        }
        else if (BrandColors.ContrastWithWhite(form.BrandColor!.Trim()) < 4.5)
        {
            errors[nameof(form.BrandColor)] = "tenants.error.color-contrast";
        }
        var hosts = ParseHosts(form.HostNames);
        if (hosts.Any(h => Uri.CheckHostName(h) != UriHostNameType.Dns || h.Length > 253))
        {
            errors[nameof(form.HostNames)] = "tenants.error.host-format";
        }
        else if (hosts.Any(origin.IsReservedForPlatform))
        {
            errors[nameof(form.HostNames)] = "tenants.error.host-platform"; // it would take the platform (or the town) down
        }
        else if (hosts.Count > 0 && await db.Set<TenantHost>().AnyAsync(h => hosts.Contains(h.HostName) && h.TenantId != id, ct))
        {
            errors[nameof(form.HostNames)] = "tenants.error.host-taken";
        }
        if (form.Modules.Any(m => !modules.IsKnown(m)))
        {
            errors[nameof(form.Modules)] = "tenants.error.module";
        }
        if (logo is not null)
        {
            if (logo.TooLarge || logo.Content.Length > MaxLogoBytes)
            {
                errors["Logo"] = "tenants.error.logo-size";
            }
            else if (ImageTypeOf(logo.Content) is null)
            {
                errors["Logo"] = "tenants.error.logo-type";
            }
        }
        return errors;
    }

    private static List<string> ParseHosts(string? text) =>
        (text ?? string.Empty).Split(['\n', '\r', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(h => h.ToLowerInvariant()).Distinct().ToList();

    /// <summary>The image type by its first bytes (PNG, JPEG, WebP), never by the name or the declared type.</summary>
    public static string? ImageTypeOf(byte[] content) => content switch
    {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => "image/webp",
        _ => null,
    };

    [GeneratedRegex("^#[0-9a-fA-F]{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex ColorPattern();
}

/// <summary>Colour arithmetic for tenant branding (WCAG 2.1 contrast).</summary>
public static class BrandColors
{
    public static double ContrastWithWhite(string hex)
    {
        var l = RelativeLuminance(hex);
        return 1.05 / (l + 0.05);
    }

    public static double RelativeLuminance(string hex)
    {
        static double Channel(string hex, int index)
        {
            var c = int.Parse(hex.AsSpan(1 + index * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * Channel(hex, 0) + 0.7152 * Channel(hex, 1) + 0.0722 * Channel(hex, 2);
    }

    /// <summary>The colour darkened by <paramref name="factor"/> (0..1), for hover and borders.</summary>
    public static string Darken(string hex, double factor)
    {
        int Part(int i) => (int)Math.Round(int.Parse(hex.AsSpan(1 + i * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) * (1 - factor));
        return string.Create(CultureInfo.InvariantCulture, $"#{Part(0):x2}{Part(1):x2}{Part(2):x2}");
    }
}
