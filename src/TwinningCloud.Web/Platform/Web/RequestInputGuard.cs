using System.Globalization;
using Microsoft.AspNetCore.Http.Features;

namespace TwinningCloud.Web.Platform.Web;

/// <summary>
/// Input no endpoint can use, refused before routing with 400 (problem details on the API, the error page elsewhere):
/// a query string value holding a control character (a NUL would reach PostgreSQL, which refuses it), and on the
/// API a <c>page</c> that is not a whole number from 1 to <see cref="MaxPage"/> or a <c>pageSize</c> that is not a
/// whole number (a size above 200 is read as 200, below 1 as 1, as documented).
/// </summary>
public sealed class RequestInputGuard(RequestDelegate next)
{
    /// <summary>The highest page a list answers (with 200 a page, far beyond any register); its offset fits in an <c>int</c>.</summary>
    public const int MaxPage = 1_000_000;

    public async Task InvokeAsync(HttpContext http, IProblemDetailsService problems)
    {
        if (!http.Request.QueryString.HasValue)
        {
            await next(http);
            return;
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, values) in http.Request.Query)
        {
            if (SingleLineText.HasControlCharacters(key) || values.Any(SingleLineText.HasControlCharacters))
            {
                errors[Printable(key)] = ["The value holds control characters."];
            }
        }
        if (PlatformSetup.IsApiRequest(http))
        {
            if (http.Request.Query.TryGetValue("page", out var page)
                && !(int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= MaxPage))
            {
                errors["page"] = [$"The page is a whole number from 1 to {MaxPage.ToString(CultureInfo.InvariantCulture)}."];
            }
            if (http.Request.Query.TryGetValue("pageSize", out var size) && !int.TryParse(size, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                errors["pageSize"] = ["The page size is a whole number (at most 200)."];
            }
        }
        if (errors.Count == 0)
        {
            await next(http);
            return;
        }
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        if (PlatformSetup.IsApiRequest(http))
        {
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new HttpValidationProblemDetails(errors) { Status = StatusCodes.Status400BadRequest, Title = "Invalid query string" },
            });
        }
        // Pages: the status code pages show the error page.
    }

    private static string Printable(string key) => new(key.Select(c => char.IsControl(c) ? '?' : c).Take(100).ToArray());
}
