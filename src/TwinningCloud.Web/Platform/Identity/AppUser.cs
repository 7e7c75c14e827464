using Microsoft.AspNetCore.Identity;

namespace TwinningCloud.Web.Platform.Identity;

/// <summary>A person who signs in. Platform-wide: one person can hold roles in several tenants and federations.</summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public AppUser()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString();
    }

    public string DisplayName { get; set; } = string.Empty;

    public string? PreferredCulture { get; set; }

    /// <summary>When the person last used the platform signed in (written at most once an hour; the vital signs' active users).</summary>
    public DateTimeOffset? LastSeenAt { get; set; }
}

/// <summary>The roles of the permission matrix (README, "Who may do what").</summary>
public static class Roles
{
    /// <summary>Whole platform: creates federations and tenants, switches modules, reads the outbox.</summary>
    public const string PlatformOperator = "platform-operator";

    /// <summary>One tenant: everything of that town, including its team.</summary>
    public const string TenantAdmin = "tenant-admin";

    /// <summary>One tenant: keeps the town's register and public pages, not its team.</summary>
    public const string Editor = "editor";

    /// <summary>One federation: its member towns and their onboarding.</summary>
    public const string FederationAdmin = "federation-admin";

    /// <summary>One federation: reads its members, onboarding and directory; onboards nobody.</summary>
    public const string FederationEditor = "federation-editor";

    public static readonly IReadOnlyList<string> FederationRoles = [FederationAdmin, FederationEditor];

    public static readonly IReadOnlyList<string> TenantRoles = [TenantAdmin, Editor];
}

/// <summary>Claims the platform adds to a signed-in principal.</summary>
public static class AppClaims
{
    /// <summary>The tenant a principal was issued for; it is worthless anywhere else.</summary>
    public const string Tenant = "tc:tenant";

    /// <summary>A federation the principal is staff of, admin or editor (one claim each).</summary>
    public const string Federation = "tc:federation";

    /// <summary>A federation the principal administers (one claim each).</summary>
    public const string FederationAdminOf = "tc:federation-admin";
}

/// <summary>Authorization policies; every page and endpoint names one (or allows anonymous use).</summary>
public static class Policies
{
    public const string PlatformOperator = "platform-operator";
    public const string TenantAdmin = "tenant-admin";
    /// <summary>Tenant admins and editors.</summary>
    public const string TenantStaff = "tenant-staff";
    /// <summary>The federation in the route: its admins.</summary>
    public const string FederationAdmin = "federation-admin";
    /// <summary>The federation in the route: its admins and editors, and platform operators for reading (GET).</summary>
    public const string FederationStaff = "federation-staff";
    /// <summary>Anyone signed in, on the side (tenant or platform) they signed in to.</summary>
    public const string SignedIn = "signed-in";
}
