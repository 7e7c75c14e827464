using System.Globalization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Federations;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Operator.Federations;

/// <summary>The operator invites a federation's administrator.</summary>
[EnableRateLimiting(IdentitySetup.AccountRateLimit)]
public sealed class InviteFederationAdminModel(AppDbContext db, StaffInvitations invitations) : InviteAdminPageModel
{
    private Federation? _federation;

    protected override async Task<string?> FindAsync(CancellationToken ct) =>
        (_federation = await db.Set<Federation>().FirstOrDefaultAsync(f => f.Id == Id, ct))?.Name;

    protected override Task InviteAsync(string email, string name, Guid invitedBy, CancellationToken ct) =>
        invitations.InviteToFederationAsync(_federation!, email, name, invitedBy, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, ct);
}
