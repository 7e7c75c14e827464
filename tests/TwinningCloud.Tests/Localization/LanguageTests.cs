using System.Net;
using System.Text.RegularExpressions;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Localization;

namespace TwinningCloud.Tests.Localization;

public sealed partial class LanguageTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task A_tenant_speaks_its_default_language_switches_on_request_and_remembers_the_choice()
    {
        await Data.CreateTenantAsync("marseille", culture: "fr");
        using var client = App.CreateClient();

        var french = await client.GetPageAsync("/marseille/");
        Assert.Equal("fr", french.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Accueil", french.QuerySelector("nav.main-nav a")!.TextContent.Trim());

        var english = await client.GetPageAsync("/marseille/?lang=en");
        Assert.Equal("en", english.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Home", english.QuerySelector("nav.main-nav a")!.TextContent.Trim());

        var remembered = await client.GetPageAsync("/marseille/partner-cities");
        Assert.Equal("en", remembered.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Partner cities", remembered.QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task An_english_speaking_tenant_answers_in_english_by_default()
    {
        await Data.CreateTenantAsync("glasgow", "Glasgow City Council", culture: "en");
        using var client = App.CreateClient();

        var page = await client.GetPageAsync("/glasgow/");

        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task Error_pages_exist_in_both_languages()
    {
        using var client = App.CreateClient();

        var french = await Html.ParseAsync(await client.GetAsync("/nowhere"));
        var english = await Html.ParseAsync(await client.GetAsync("/nowhere?lang=en"));

        Assert.Equal("Page introuvable", french.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("Page not found", english.QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public void French_and_English_hold_the_same_keys()
    {
        var texts = new Texts();
        var french = texts.KeysOf("fr").ToHashSet();
        var english = texts.KeysOf("en").ToHashSet();

        Assert.Empty(french.Except(english));
        Assert.Empty(english.Except(french));
    }

    [Fact]
    public void Every_text_key_written_in_the_source_exists()
    {
        var texts = new Texts();
        var known = texts.KeysOf("en").ToHashSet();
        var source = Path.Combine(RepositoryRoot.Path, "src");
        var used = Directory.EnumerateFiles(source, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => TextKeyUse().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: m.Groups["key"].Value)))
            .ToList();

        Assert.True(used.Count > 50, $"found only {used.Count} uses of T[...]");
        var missing = used.Where(u => !known.Contains(u.Key)).Select(u => $"{u.File}: {u.Key}").Distinct().ToList();
        Assert.Empty(missing);
    }

    [GeneratedRegex("""T\["(?<key>[a-z0-9\-]+\.[a-z0-9.\-]+)"[\],]""")]
    private static partial Regex TextKeyUse();
}
