using TwinningCloud.Web.Platform.ImportExport;
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

    /// <summary>The core and the modules the tenant has switched on, in order: what its menus, pages and files offer.</summary>
    public IEnumerable<PlatformModule> OnFor(TenantInfo tenant) => Everything.Where(m => m.AlwaysOn || tenant.HasModule(m.Key));

    public IEnumerable<MenuEntry> PublicMenuFor(TenantInfo tenant) => OnFor(tenant).SelectMany(m => m.PublicMenu);

    /// <summary>The staff dashboard's entries of the tenant's modules; import and export last, when one of them has records to import.</summary>
    public IEnumerable<MenuEntry> StaffMenuFor(TenantInfo tenant)
    {
        var on = OnFor(tenant).ToList();
        var entries = on.SelectMany(m => m.StaffMenu);
        return on.Any(m => kindsOf[m].Count > 0) ? entries.Concat(ImportExportMenu) : entries;
    }

    private static readonly MenuEntry[] ImportExportMenu = [new("/admin/import", "staff.nav.import"), new("/admin/export", "staff.nav.export")];

    /// <summary>Each module's kinds of record (import and export), created once.</summary>
    private readonly Dictionary<PlatformModule, IReadOnlyList<RecordKind>> kindsOf = modules.ToDictionary(m => m, m => (IReadOnlyList<RecordKind>)m.RecordKinds.ToList());

    /// <summary>Every module's kinds of record, in module order.</summary>
    private IReadOnlyList<RecordKind> AllKinds => allKinds ??= Everything.SelectMany(m => kindsOf[m]).ToList();
    private IReadOnlyList<RecordKind>? allKinds;

    /// <summary>A module's kinds of record, as the import and export know them.</summary>
    public IReadOnlyList<RecordKind> RecordKindsOf(PlatformModule module) => kindsOf[module];

    /// <summary>Every kind of record, and those of the modules the tenant has.</summary>
    public TownRecordKinds RecordKindsFor(TenantInfo tenant) => new(AllKinds, OnFor(tenant).SelectMany(m => kindsOf[m]).ToList());

    /// <summary>Every module's command-line commands, by name.</summary>
    public IReadOnlyDictionary<string, CliCommand> Commands { get; } =
        modules.SelectMany(m => m.Commands).ToDictionary(c => c.Name, StringComparer.Ordinal);
}
