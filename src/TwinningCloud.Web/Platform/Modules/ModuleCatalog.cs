using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Modules;

/// <summary>The modules this build of the product has, in menu order: <see cref="All"/> the switchable ones, <see cref="Everything"/> with the core.</summary>
public sealed class ModuleCatalog(IReadOnlyList<PlatformModule> modules)
{
    /// <summary>The core and every module, in the order Program.cs gives them.</summary>
    public IReadOnlyList<PlatformModule> Everything { get; } = modules;

    /// <summary>The modules an operator switches on or off per tenant.</summary>
    public IReadOnlyList<PlatformModule> All { get; } = modules.Where(m => !m.AlwaysOn).ToList();

    public PlatformModule? Find(string key) => All.FirstOrDefault(m => m.Key == key);

    public bool IsKnown(string key) => Find(key) is not null;

    public IEnumerable<MenuEntry> PublicMenuFor(TenantInfo tenant) =>
        Everything.Where(m => m.AlwaysOn || tenant.HasModule(m.Key)).SelectMany(m => m.PublicMenu);

    public IEnumerable<MenuEntry> StaffMenuFor(TenantInfo tenant) =>
        Everything.Where(m => m.AlwaysOn || tenant.HasModule(m.Key)).SelectMany(m => m.StaffMenu);

    /// <summary>Every module's command-line commands, by name.</summary>
    public IReadOnlyDictionary<string, CliCommand> Commands { get; } =
        modules.SelectMany(m => m.Commands).ToDictionary(c => c.Name, StringComparer.Ordinal);
}
