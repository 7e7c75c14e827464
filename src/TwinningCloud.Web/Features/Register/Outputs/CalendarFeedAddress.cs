using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Register.Outputs;

/// <summary>The secret part of a town's calendar feed address (<c>/calendar/{token}.ics</c>): read, and replaced by a new one.</summary>
public static class CalendarFeedAddress
{
    /// <summary>160 random bits, as 40 lowercase hex digits (as the address a town gets at creation).</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    public static Task<string> TokenAsync(AppDbContext db, Guid tenantId, CancellationToken ct) =>
        db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.CalendarFeedToken).FirstAsync(ct);

    /// <summary>
    /// One UPDATE: the feed endpoint reads the token from the database on every request (never from a
    /// cache), so the old address answers 404 from the next request on, on every instance.
    /// </summary>
    public static async Task<string> RotateAsync(AppDbContext db, Guid tenantId, CancellationToken ct)
    {
        var token = NewToken();
        await db.Tenants.Where(t => t.Id == tenantId).ExecuteUpdateAsync(s => s.SetProperty(t => t.CalendarFeedToken, token), ct);
        return token;
    }
}
