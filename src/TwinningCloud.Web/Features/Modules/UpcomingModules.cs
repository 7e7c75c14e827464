using TwinningCloud.Web.Platform.Modules;

namespace TwinningCloud.Web.Features.Modules;

// Modules the operator can already switch on per tenant; their features arrive with their issues (collectives).
// Until then they add nothing to a tenant's menus, pages, API, jobs or mails.

public sealed class CollectivesModule : PlatformModule
{
    public override string Key => ModuleKeys.Collectives;
}
