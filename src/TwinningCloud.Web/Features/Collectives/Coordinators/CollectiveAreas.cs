using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Collectives.Coordinators;

/// <summary>Who manages a collective on a page: the town's staff (every collective) or a member coordinator (their own).</summary>
public enum CollectiveArea
{
    /// <summary><c>/admin/collectives/{id}/…</c>, behind the staff sign-in.</summary>
    Staff,
    /// <summary><c>/collectives/coordinate/{id}/…</c>, behind the citizen's "My collectives" session.</summary>
    Coordinator,
}

/// <summary>
/// Marks a page reached with a citizen's "My collectives" session (the magic link), not a staff sign-in: it allows
/// anonymous use and answers 404 to anyone whose session does not give them the collective (no session, another
/// person's collective, another town's id). The permission matrix test reads this mark.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class CitizenSessionPageAttribute : Attribute;

/// <summary>The session cookie of "My collectives" (the coordinator area and the members' pages live under its path).</summary>
public static class CitizenSessionCookie
{
    private static string PathOf(HttpRequest request) => (request.PathBase.HasValue ? request.PathBase.Value : "") + "/collectives";

    public static void Append(HttpResponse response, string secret) =>
        response.Cookies.Append(CitizenSelfService.CookieName, secret, new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = response.HttpContext.Request.IsHttps, IsEssential = true,
            Path = PathOf(response.HttpContext.Request), MaxAge = CitizenTokens.SessionLifetime,
        });

    public static void Delete(HttpResponse response) =>
        response.Cookies.Delete(CitizenSelfService.CookieName, new CookieOptions { Path = PathOf(response.HttpContext.Request) });

    public static string? Of(HttpRequest request) => request.Cookies[CitizenSelfService.CookieName];
}

/// <summary>
/// The one door to a collective for the pages that manage it: staff get any collective of the town; a member
/// coordinator only those where their session's address is a confirmed member with the coordinator flag. Anything
/// else is null (the page answers 404).
/// </summary>
public sealed class CollectiveAreas(AppDbContext db, CitizenSelfService self)
{
    public static string BaseOf(CollectiveArea area) => area == CollectiveArea.Staff ? "/admin/collectives" : "/collectives/coordinate";

    /// <summary>The address of the request's citizen session, or null.</summary>
    public Task<string?> SessionEmailAsync(HttpRequest request) =>
        self.EmailOfSessionAsync(CitizenSessionCookie.Of(request), request.HttpContext.RequestAborted);

    public IQueryable<CollectiveMember> Members => db.Set<CollectiveMember>().AsNoTracking();

    /// <summary>The collectives this address coordinates (confirmed member and coordinator).</summary>
    public IQueryable<Collective> CoordinatedBy(string email) =>
        db.Set<Collective>().AsNoTracking().Where(c => db.Set<CollectiveMember>()
            .Any(m => m.CollectiveId == c.Id && m.Email == email && m.IsCoordinator && m.Status == MemberStatus.Member));

    public async Task<Collective?> OpenAsync(CollectiveArea area, HttpRequest request, Guid id)
    {
        var ct = request.HttpContext.RequestAborted;
        if (area == CollectiveArea.Staff)
        {
            return await db.Set<Collective>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        }
        return await SessionEmailAsync(request) is { } email
            ? await CoordinatedBy(email).FirstOrDefaultAsync(c => c.Id == id, ct)
            : null;
    }
}
