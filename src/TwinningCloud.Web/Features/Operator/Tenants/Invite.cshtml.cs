using Microsoft.AspNetCore.RateLimiting;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Operator.Tenants;

/// <summary>The operator invites a town's (first) administrator.</summary>
[EnableRateLimiting(IdentitySetup.AccountRateLimit)]
public sealed class InviteTenantAdminModel(TenantCatalog catalog, StaffInvitations invitations) : InviteAdminPageModel
{
    private TenantInfo? _tenant;

    protected override async Task<string?> FindAsync(CancellationToken ct) =>
        (_tenant = await catalog.FindByIdAsync(Id, ct))?.DisplayName;

    protected override Task InviteAsync(string email, string name, Guid invitedBy, CancellationToken ct) =>
        invitations.InviteToTenantAsync(_tenant!, email, name, Roles.TenantAdmin, invitedBy, ct);
}
