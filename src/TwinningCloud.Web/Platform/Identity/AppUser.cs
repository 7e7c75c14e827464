using Microsoft.AspNetCore.Identity;

namespace TwinningCloud.Web.Platform.Identity;

/// <summary>A person who signs in. Platform-wide: one person can hold roles in several tenants.</summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public AppUser()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString();
    }

    public string DisplayName { get; set; } = string.Empty;

    public string? PreferredCulture { get; set; }
}

public static class PlatformRoles
{
    /// <summary>Creates federations and tenants, switches modules, watches the platform.</summary>
    public const string Operator = "platform-operator";
}

public static class Policies
{
    public const string PlatformOperator = "platform-operator";
}
