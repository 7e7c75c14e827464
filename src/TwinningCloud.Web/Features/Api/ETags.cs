using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace TwinningCloud.Web.Features.Api;

/// <summary>
/// Optimistic concurrency on the API: a single item's answer carries <c>ETag</c> (its last change, to the tick), and an
/// update or deletion sent with <c>If-Match</c> answers <b>412</b> (problem details) when the item changed since.
/// Without <c>If-Match</c> the write goes through, as before.
/// </summary>
public static class ETags
{
    public static string Of(DateTimeOffset updatedAt) => "\"" + updatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture) + "\"";

    public static void Set(HttpContext http, DateTimeOffset updatedAt) => http.Response.Headers.ETag = Of(updatedAt);

    /// <summary>True when the request has no <c>If-Match</c>, or one that names the item's current ETag (or <c>*</c>).</summary>
    public static bool Matches(HttpRequest request, DateTimeOffset updatedAt)
    {
        var ifMatch = request.Headers.IfMatch;
        if (ifMatch.Count == 0)
        {
            return true;
        }
        var current = Of(updatedAt);
        return ifMatch.SelectMany(v => (v ?? "").Split(',')).Select(v => v.Trim()).Any(v => v == "*" || v == current);
    }

    public static ProblemHttpResult PreconditionFailed() =>
        TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Precondition failed",
            detail: "The item changed since you read it (its ETag is no longer the one in If-Match). Read it again and repeat the change.");
}
