using TwinningCloud.Web.Platform.Modules;

namespace TwinningCloud.Web.Features.Modules;

// Modules the operator can already switch on per tenant; their features arrive with their issues
// (the federation directory; collectives live in Features/Collectives).
// Until then they add nothing to a tenant's menus, pages, API, jobs or mails.

public sealed class FederationDirectoryModule : PlatformModule
{
    public override string Key => ModuleKeys.FederationDirectory;
}
