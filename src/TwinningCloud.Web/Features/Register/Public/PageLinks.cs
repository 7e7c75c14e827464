namespace TwinningCloud.Web.Features.Register.Public;

/// <summary>Addresses of the pages of a public list (<c>?page=</c>; "page" is a reserved route value of Razor Pages, so it is added here).</summary>
public static class PageLinks
{
    /// <summary><paramref name="url"/> for page <paramref name="page"/>: the first page without the parameter.</summary>
    public static string WithPage(string url, int page) =>
        page <= 1 ? url : Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(url, "page", page.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
