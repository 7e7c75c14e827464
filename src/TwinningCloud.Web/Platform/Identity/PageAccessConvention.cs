using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Identity;

/// <summary>
/// Who may use a page, read from its folder under <c>Features/</c> (one rule; see "Who may do what" in the README):
/// <list type="bullet">
/// <item>a page in a folder named <c>Staff</c> (<c>Register/Agreements/Staff</c>, <c>Reminders/Staff</c>…), the
/// dashboard (<c>Dashboard</c>) and the town's archive (<c>Lifecycle/Town</c>): the town's staff;</item>
/// <item><c>Team</c> and <c>Jobs/Staff</c>: the town's administrators;</item>
/// <item>the operator console (<c>Operator</c>, and the operator's pages of <c>Lifecycle</c>): a platform address and
/// platform operators only, except its front door <c>Operator/Index</c> (anonymous: it signs in).</item>
/// </list>
/// A module that declares its own folders' rules (<see cref="Modules.PlatformModule.DeclaresPageAccess"/>: collectives, federations)
/// is left to its conventions. A page outside these
/// folders declares itself (<c>[Authorize]</c> or <c>[AllowAnonymous]</c>); the permission matrix test walks them all.
/// </summary>
internal sealed class PageAccessConvention(IEnumerable<string> foldersWithOwnRules) : IPageApplicationModelConvention
{
    private readonly string[] _ownRules = foldersWithOwnRules.Select(f => f.TrimEnd('/') + "/").ToArray();

    public void Apply(PageApplicationModel model)
    {
        var access = _ownRules.Any(f => model.ViewEnginePath.StartsWith(f, StringComparison.Ordinal)) ? PageAccess.Declared : Of(model.ViewEnginePath);
        if (access.Scope is { } scope)
        {
            model.EndpointMetadata.Add(new EndpointScopeAttribute(scope));
        }
        foreach (var policy in access.Policies)
        {
            model.EndpointMetadata.Add(new AuthorizeAttribute(policy));
        }
        if (access.Anonymous)
        {
            model.EndpointMetadata.Add(new AllowAnonymousAttribute());
        }
    }

    /// <summary>The access rule of the page at <paramref name="viewEnginePath"/> (e.g. <c>/Register/Agreements/Staff/Index</c>).</summary>
    public static PageAccess Of(string viewEnginePath)
    {
        if (viewEnginePath.StartsWith("/Operator/", StringComparison.Ordinal)
            || (viewEnginePath.StartsWith("/Lifecycle/", StringComparison.Ordinal) && viewEnginePath.Count(c => c == '/') == 2))
        {
            return new PageAccess(EndpointScope.Platform, [Policies.PlatformOperator], Anonymous: viewEnginePath == "/Operator/Index");
        }
        var folders = viewEnginePath.Split('/', StringSplitOptions.RemoveEmptyEntries)[..^1];
        if (viewEnginePath.StartsWith("/Team/", StringComparison.Ordinal) || viewEnginePath.StartsWith("/Jobs/Staff/", StringComparison.Ordinal))
        {
            return new PageAccess(null, [Policies.TenantStaff, Policies.TenantAdmin], Anonymous: false);
        }
        if (folders.Contains("Staff", StringComparer.Ordinal)
            || viewEnginePath.StartsWith("/Dashboard/", StringComparison.Ordinal)
            || viewEnginePath.StartsWith("/Lifecycle/Town/", StringComparison.Ordinal))
        {
            return new PageAccess(null, [Policies.TenantStaff], Anonymous: false);
        }
        return PageAccess.Declared;
    }
}

/// <summary>A page's access by folder: its endpoint scope (null: the default), the policies it needs, anonymous or not.</summary>
internal sealed record PageAccess(EndpointScope? Scope, IReadOnlyList<string> Policies, bool Anonymous)
{
    /// <summary>No rule by folder: the page declares its own (or its module's conventions do).</summary>
    public static readonly PageAccess Declared = new(null, [], false);
}
