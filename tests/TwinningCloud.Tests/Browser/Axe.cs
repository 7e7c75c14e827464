using System.Text.Json;
using Microsoft.Playwright;
using TwinningCloud.Tests.Infrastructure;

namespace TwinningCloud.Tests.Browser;

/// <summary>
/// axe-core (WCAG 2.1 A and AA rules) on a page in Chromium: the violations, one line each. The one copy for every
/// browser test; the page's context must let the script in (<see cref="BrowserTest"/>'s <c>NewContextAsync</c>: the app's CSP
/// allows only its own scripts).
/// </summary>
internal static class Axe
{
    private static readonly string AxePath = Path.Combine(RepositoryRoot.Path, "tools", "test-env", "node_modules", "axe-core", "axe.min.js");

    private const string RunAxe = """
        async () => {
          const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
          return result.violations.map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(' | ')}`);
        }
        """;

    /// <summary>Each page in French and English, at 1280 px and at 390 px; back to the first page in French, at 1280 px, after.</summary>
    public static async Task<List<string>> EverywhereAsync(IPage page, params string[] urls)
    {
        var violations = new List<string>();
        foreach (var width in new[] { 1280, 390 })
        {
            await page.SetViewportSizeAsync(width, 800);
            foreach (var language in new[] { "fr", "en" })
            {
                foreach (var url in urls)
                {
                    violations.AddRange((await CheckAsync(page, url, language)).Select(v => $"{width} px: {v}"));
                }
            }
        }
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync(WithLanguage(urls[0], "fr"));
        return violations;
    }

    /// <summary>One page (<c>current</c>: the page as it stands, which must be in <paramref name="language"/>).</summary>
    public static async Task<List<string>> CheckAsync(IPage page, string url, string language)
    {
        if (url != "current")
        {
            await page.GotoAsync(WithLanguage(url, language));
        }
        Xunit.Assert.Equal(language, await page.Locator("html").GetAttributeAsync("lang"));
        return await HereAsync(page, $"{(url == "current" ? page.Url : url)} ({language})");
    }

    /// <summary>
    /// Goes to <paramref name="url"/> (in <paramref name="language"/> when given: the page must then be in it), which must
    /// answer 2xx, and runs axe-core there; each violation starts with the address.
    /// </summary>
    public static async Task<List<string>> AtAsync(IPage page, string url, string? language = null)
    {
        var address = language is null ? url : WithLanguage(url, language);
        var response = await page.GotoAsync(address);
        Xunit.Assert.True(response is { Ok: true }, $"{address}: {response?.Status}");
        if (language is not null)
        {
            Xunit.Assert.Equal(language, await page.Locator("html").GetAttributeAsync("lang"));
        }
        return await HereAsync(page, address);
    }

    /// <summary>axe-core on the page as it stands (after a click, a submitted form…); each violation starts with <paramref name="what"/>.</summary>
    public static async Task<List<string>> HereAsync(IPage page, string what)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = AxePath });
        var found = await page.EvaluateAsync<JsonElement>(RunAxe);
        return found.EnumerateArray().Select(v => $"{what}: {v.GetString()}").ToList();
    }

    /// <summary><paramref name="url"/> with <c>lang=</c><paramref name="language"/> added to its query.</summary>
    public static string WithLanguage(string url, string language) =>
        url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "lang=" + language;
}
