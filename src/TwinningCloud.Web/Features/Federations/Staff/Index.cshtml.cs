using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Federations.Directory;
using TwinningCloud.Web.Features.Federations.Onboarding;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Staff;

/// <summary>One member town on the staff page: its membership, when it last changed its register (no content).</summary>
public sealed record MemberLine(FederationMember Member, TenantInfo? Tenant, DateTimeOffset? LastUpdate);

/// <summary>
/// A federation's own page for its staff (operators read it too): the towns it onboards and how far each has come,
/// its members and when each last updated its register, the review dates coming (dates only, of members that share
/// them), and its staff. Posts (resend, cancel, invite a town) are its admins' only.
/// </summary>
public sealed class FederationDashboardModel(
    AppDbContext db, FederationDirectory directory, TownOnboarding onboarding, FederationMembers members, MemberData memberData,
    TenantCatalog catalog, PublicOrigin origin, TimeProvider clock, TwinningCloud.Web.Platform.Identity.StaffInvitations invitations) : PageModel
{
    public const int PageSize = 100;
    public const int MaxRenewals = 50;
    public const int RenewalDays = 180;

    public Federation Federation { get; private set; } = null!;
    public bool IsAdmin { get; private set; }
    public IReadOnlyList<(FederationOnboarding Onboarding, TenantInfo? Tenant)> Onboardings { get; private set; } = [];
    public int OnboardingTotal { get; private set; }
    public IReadOnlyList<MemberLine> Members { get; private set; } = [];
    public int MemberTotal { get; private set; }
    public IReadOnlyList<(TenantInfo Tenant, DateOnly On)> Renewals { get; private set; } = [];
    public IReadOnlyList<(string Name, string Email, string Role)> Staff { get; private set; } = [];
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;
    public string? Message { get; private set; }
    public string SiteOf(TenantInfo tenant) => origin.Of(tenant);

    public async Task<IActionResult> OnGetAsync(string federation)
    {
        if (await directory.FindAsync(federation, HttpContext.RequestAborted) is not { } found)
        {
            return NotFound();
        }
        await LoadAsync(found);
        return Page();
    }

    public Task<IActionResult> OnPostResendAsync(string federation, Guid id) =>
        AdminPostAsync(federation, async f => await onboarding.ResendAsync(f, id, User.UserId(), HttpContext.RequestAborted) ? "federations.onboardings.resent" : null);

    public Task<IActionResult> OnPostCancelAsync(string federation, Guid id) =>
        AdminPostAsync(federation, async f => await onboarding.CancelAsync(f, id, HttpContext.RequestAborted) ? "federations.onboardings.cancelled" : null);

    public Task<IActionResult> OnPostInviteAsync(string federation, string? town) =>
        AdminPostAsync(federation, async f => await members.InviteAsync(f, town, HttpContext.RequestAborted) ? "federations.members.invited" : "federations.members.no-such-town");

    /// <summary>An admin invites a colleague as federation admin or editor (a mail with a link to the platform's sign-in or to choose a password).</summary>
    public Task<IActionResult> OnPostInviteStaffAsync(string federation, string? name, string? email, string? role) =>
        AdminPostAsync(federation, async f =>
        {
            if (!TwinningCloud.Web.Platform.Email.EmailAddresses.IsValid(email?.Trim()) || !TwinningCloud.Web.Platform.Identity.StaffInvitations.IsValidName(name)
                || !TwinningCloud.Web.Platform.Identity.Roles.FederationRoles.Contains(role ?? string.Empty))
            {
                return "federations.staff.invalid";
            }
            await invitations.InviteToFederationAsync(f, email!.Trim(), name!, User.UserId(),
                System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, HttpContext.RequestAborted, role!);
            return "federations.staff.sent";
        });

    private async Task<IActionResult> AdminPostAsync(string slug, Func<Federation, Task<string?>> action)
    {
        if (await directory.FindAsync(slug, HttpContext.RequestAborted) is not { } found)
        {
            return NotFound();
        }
        if (!User.Administers(found))
        {
            return Forbid();
        }
        var message = await action(found);
        if (message is null)
        {
            return NotFound();
        }
        TempData["FederationMessage"] = message;
        return Redirect($"~/federations/{found.Slug}");
    }

    private async Task LoadAsync(Federation federation)
    {
        var ct = HttpContext.RequestAborted;
        Federation = federation;
        IsAdmin = User.Administers(federation);
        Message = TempData["FederationMessage"] as string;
        await onboarding.RefreshAsync(federation.Id, ct);
        var onboardings = db.Set<FederationOnboarding>().AsNoTracking().Where(o => o.FederationId == federation.Id);
        OnboardingTotal = await onboardings.CountAsync(ct);
        var page = Math.Clamp(PageNumber, 1, Math.Max(1, (OnboardingTotal + PageSize - 1) / PageSize));
        var shown = await onboardings.OrderByDescending(o => o.CreatedAt).ThenBy(o => o.Slug).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var lines = new List<(FederationOnboarding, TenantInfo?)>();
        foreach (var o in shown)
        {
            lines.Add((o, o.TenantId is { } id ? await catalog.FindByIdAsync(id, ct) : null));
        }
        Onboardings = lines;

        var memberRows = db.Set<FederationMember>().AsNoTracking().Where(m => m.FederationId == federation.Id);
        MemberTotal = await memberRows.CountAsync(ct);
        var memberPage = await memberRows.OrderBy(m => m.Status).ThenBy(m => m.InvitedAt).Take(PageSize).ToListAsync(ct);
        var accepted = memberPage.Where(m => m.Status == MemberStatus.Accepted).Select(m => m.TenantId).ToList();
        var updates = await memberData.LastRegisterUpdateAsync(accepted, ct);
        var memberLines = new List<MemberLine>();
        foreach (var m in memberPage)
        {
            memberLines.Add(new MemberLine(m, await catalog.FindByIdAsync(m.TenantId, ct), updates.TryGetValue(m.TenantId, out var at) ? at : null));
        }
        Members = memberLines.OrderBy(l => l.Tenant?.DisplayName, StringComparer.CurrentCulture).ToList();

        var sharing = await memberRows.Where(m => m.Status == MemberStatus.Accepted && m.ShareRenewalDates).Select(m => m.TenantId).ToListAsync(ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var renewals = new List<(TenantInfo, DateOnly)>();
        foreach (var (tenantId, on) in await memberData.RenewalDatesAsync(sharing, today, today.AddDays(RenewalDays), MaxRenewals, ct))
        {
            if (await catalog.FindByIdAsync(tenantId, ct) is { } tenant)
            {
                renewals.Add((tenant, on));
            }
        }
        Renewals = renewals;
        Staff = (await db.Set<FederationMembership>().AsNoTracking().Where(m => m.FederationId == federation.Id)
            .OrderBy(m => m.User!.Email).Take(PageSize)
            .Select(m => new { m.User!.DisplayName, m.User.Email, m.Role }).ToListAsync(ct))
            .Select(s => (s.DisplayName, s.Email ?? string.Empty, s.Role)).ToList();
    }
}
