namespace TwinningCloud.Web.Platform.Modules;

/// <summary>
/// A product module the operator switches on per tenant (agreements, network memberships,
/// collectives, reminders, federation directory). A module registers, from its own folder, its
/// services, its Razor Pages folders, its endpoints and its menu entries; everything it maps carries
/// <see cref="RequiresModuleAttribute"/>, so a tenant without the module gets 404 and no menu entry.
/// </summary>
public abstract class PlatformModule
{
    /// <summary>Stable key stored in <c>tenant_modules</c>.</summary>
    public abstract string Key { get; }

    /// <summary>Localization keys of the module's name and one-line description (operator screens).</summary>
    public string NameTextKey => $"module.{Key}.name";
    public string DescriptionTextKey => $"module.{Key}.description";

    /// <summary>Razor Pages folders (under <c>Features/</c>) that belong to this module.</summary>
    public virtual IEnumerable<string> PageFolders => [];

    /// <summary>Entries of the tenant's public menu (path relative to the tenant, localization key).</summary>
    public virtual IEnumerable<MenuEntry> PublicMenu => [];

    /// <summary>Entries of the staff dashboard (path relative to the tenant, localization key; "{key}.summary" describes it).</summary>
    public virtual IEnumerable<MenuEntry> StaffMenu => [];

    /// <summary>
    /// OAuth scopes of the module's API (<c>/api/...</c> routes it maps), for API clients: reads (GET) need the
    /// module's <see cref="ApiAccess.Read"/> scope, other methods its <see cref="ApiAccess.Write"/> scope. A module
    /// without a scope for an access gives clients 403 there (people still use it with their roles).
    /// </summary>
    public virtual IEnumerable<ApiScope> ApiScopes => [];

    public virtual void AddServices(IServiceCollection services, IConfiguration configuration)
    {
    }

    /// <summary>Maps minimal-API endpoints; the group already requires this module and a tenant.</summary>
    public virtual void MapEndpoints(IEndpointRouteBuilder group)
    {
    }
}

public sealed record MenuEntry(string Path, string TextKey);

/// <summary>An OAuth scope of a module's API; its description is the text <c>apiscope.{Name}</c>.</summary>
public sealed record ApiScope(string Name, ApiAccess Access)
{
    public string TextKey => $"apiscope.{Name}";
}

public enum ApiAccess
{
    Read,
    Write,
}

/// <summary>Endpoint metadata: the OAuth scope an API client's token must hold to use this endpoint.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class ApiScopeAttribute(string scope) : Attribute
{
    public string Scope { get; } = scope;
}

/// <summary>Endpoint metadata: the endpoint belongs to a module and answers 404 where it is switched off.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class RequiresModuleAttribute(string moduleKey) : Attribute
{
    public string ModuleKey { get; } = moduleKey;
}
