namespace TwinningCloud.Web.Platform.Modules;

/// <summary>
/// A product module the operator switches on per tenant (agreements, network memberships, collectives, reminders,
/// federation directory), or the always-on core. A module declares, from its own folder and nowhere else:
/// <list type="bullet">
/// <item>its services (<see cref="AddServices"/>; <see cref="Register"/> when it needs the host or the other modules), and
/// there, with the platform's registration helpers: its job kinds (<c>AddJobHandler</c>: name, display text
/// <c>jobs.kind.{kind}</c>, whether the input may be shown), its recurring jobs (<c>IDailyJobSource</c>), its demo data
/// (<c>IDemoDataContributor</c>, <c>IPlatformDemoData</c>) and what every new tenant gets (<c>ITenantInitializer</c>);</item>
/// <item>its kinds of record for the town's import and export (<see cref="RecordKinds"/>);</item>
/// <item>its Razor Pages folders (<see cref="PageFolders"/>, by default its own), its endpoints (<see cref="MapEndpoints"/>),
/// its request gates (<see cref="UseRequestGates"/>), its menus, its API scopes and its command-line commands
/// (<see cref="Commands"/>);</item>
/// <item>its texts: any <c>texts.*.{culture}.json</c> in its folder is embedded and loaded.</item>
/// </list>
/// Everything a switchable module maps carries <see cref="RequiresModuleAttribute"/>, so a tenant without the module gets
/// 404 and no menu entry; everything the core maps carries <see cref="CoreEndpointAttribute"/>.
/// </summary>
public abstract class PlatformModule
{
    /// <summary>Stable key stored in <c>tenant_modules</c>.</summary>
    public abstract string Key { get; }

    /// <summary>The core: on for every tenant, not in the operator's list of modules, its endpoints marked core.</summary>
    public virtual bool AlwaysOn => false;

    /// <summary>Localization keys of the module's name and one-line description (operator screens).</summary>
    public string NameTextKey => $"module.{Key}.name";
    public string DescriptionTextKey => $"module.{Key}.description";

    /// <summary>
    /// Razor Pages folders (or single pages) under <c>Features/</c> that belong to this module. By default the module's own
    /// folder: the namespace of its class below <c>Features</c> (<c>…Features.Reminders</c> → <c>/Reminders</c>).
    /// </summary>
    public virtual IEnumerable<string> PageFolders => [OwnFolder];

    /// <summary>
    /// Pages of the module that every tenant has, switched on or not (a town answers a federation's invitation before it
    /// has the federation directory): marked core, never 404 for a switched-off module. They win over <see cref="PageFolders"/>.
    /// </summary>
    public virtual IEnumerable<string> AlwaysOnPageFolders => [];

    /// <summary>
    /// True when the module's conventions say who may use its pages (federations: platform-side staff pages); otherwise the
    /// folder-name rule does (<c>Staff/</c>: the town's staff; <c>Platform/Identity/PageAccessConvention.cs</c>).
    /// </summary>
    public virtual bool DeclaresPageAccess => false;

    /// <summary>The module's own folder, from its namespace (<c>/Reminders</c>, <c>/Register</c>).</summary>
    protected string OwnFolder
    {
        get
        {
            var ns = GetType().Namespace ?? string.Empty;
            var at = ns.IndexOf(".Features.", StringComparison.Ordinal);
            return at < 0 ? "/" : "/" + ns[(at + ".Features.".Length)..].Replace('.', '/');
        }
    }

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

    /// <summary>
    /// The kinds of record the town's staff import and export with this module (<c>/admin/import</c>, <c>/admin/export</c>,
    /// <c>/admin/export/{file}.csv</c>, in the order of an import): <see cref="ImportExport.RecordKind"/>.
    /// </summary>
    public virtual IEnumerable<ImportExport.RecordKind> RecordKinds => [];

    /// <summary>The operator's command-line commands this module brings (<c>dotnet run -- NAME ...</c>).</summary>
    public virtual IEnumerable<CliCommand> Commands => [];

    /// <summary>Registers the module with the host; by default its <see cref="AddServices"/>.</summary>
    public virtual void Register(WebApplicationBuilder builder, ModuleCatalog catalog) => AddServices(builder.Services, builder.Configuration);

    public virtual void AddServices(IServiceCollection services, IConfiguration configuration)
    {
    }

    /// <summary>Maps minimal-API endpoints; the group already requires this module and a tenant.</summary>
    public virtual void MapEndpoints(IEndpointRouteBuilder group)
    {
    }

    /// <summary>
    /// Middleware the module puts in every request's way, after authentication and before the page cache and authorization
    /// (API clients' token gate, a town in preparation's "coming soon"). It must let requests that are not its own pass.
    /// </summary>
    public virtual void UseRequestGates(IApplicationBuilder app)
    {
    }
}

/// <summary>A command-line command: its name, one line of help, and what it runs (in a DI scope of the configured app).</summary>
public sealed record CliCommand(string Name, string Help, Func<IServiceProvider, string[], Task<int>> Run);

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
internal sealed class RequiresModuleAttribute(string moduleKey) : Attribute
{
    public string ModuleKey { get; } = moduleKey;
}

/// <summary>Endpoint metadata: the endpoint belongs to the always-on core (<see cref="PlatformModule.AlwaysOn"/>) named <see cref="ModuleKey"/>.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
internal sealed class CoreEndpointAttribute(string moduleKey) : Attribute
{
    public string ModuleKey { get; } = moduleKey;
}
