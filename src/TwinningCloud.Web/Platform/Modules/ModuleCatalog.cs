using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Modules;

/// <summary>The modules this build of the product has, in menu order.</summary>
public sealed class ModuleCatalog(IReadOnlyList<PlatformModule> modules)
{
    public IReadOnlyList<PlatformModule> All { get; } = modules;

    public PlatformModule? Find(string key) => All.FirstOrDefault(m => m.Key == key);

    public bool IsKnown(string key) => Find(key) is not null;

    public IEnumerable<MenuEntry> PublicMenuFor(TenantInfo tenant) =>
        All.Where(m => tenant.HasModule(m.Key)).SelectMany(m => m.PublicMenu);

    public IEnumerable<MenuEntry> StaffMenuFor(TenantInfo tenant) =>
        All.Where(m => tenant.HasModule(m.Key)).SelectMany(m => m.StaffMenu);
}
