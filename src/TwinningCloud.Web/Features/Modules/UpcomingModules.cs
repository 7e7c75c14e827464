using TwinningCloud.Web.Platform.Modules;

namespace TwinningCloud.Web.Features.Modules;

// Modules the operator can already switch on per tenant; their features arrive with their issues
// (reminders: #5; collectives and the federation directory after).
// Until then they add nothing to a tenant's menus, pages, API, jobs or mails.

public sealed class CollectivesModule : PlatformModule
{
    public override string Key => ModuleKeys.Collectives;
}

public sealed class RemindersModule : PlatformModule
{
    public override string Key => ModuleKeys.Reminders;
}

public sealed class FederationDirectoryModule : PlatformModule
{
    public override string Key => ModuleKeys.FederationDirectory;
}
