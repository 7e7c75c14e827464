using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.Outputs;
using TwinningCloud.Web.Platform.Identity;

namespace TwinningCloud.Tests.Register.Outputs;

public sealed class ListAndFeedTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task The_printable_list_and_its_PDF_show_the_public_agreements_by_partner_city_and_never_the_internal_ones()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var dakar = await Data.AddPartnerCityAsync(marseille, "Dakar", "SN");
        var hidden = await Data.AddPartnerCityAsync(marseille, "Villesecrète", "ES", isPublic: false);
        await Data.AddAgreementAsync(marseille, "Serment de jumelage Marseille–Dakar", [dakar], signedOn: new DateOnly(1968, 6, 23), domains: ["fire-safety"],
            history: [new AgreementEvent { Kind = AgreementEventKind.Renewed, OccurredOn = new DateOnly(1991, 5, 23) }]);
        await Data.AddAgreementAsync(marseille, "Accord confidentiel", [dakar], isPublic: false);
        await Data.AddAgreementAsync(marseille, "Pacte discret", [hidden]);
        using var client = App.CreateClient();

        var html = await client.GetStringAsync("/marseille/list");
        Assert.Contains("Dakar (Sénégal)", html, StringComparison.Ordinal);
        Assert.Contains("Serment de jumelage Marseille–Dakar", html, StringComparison.Ordinal);
        Assert.Contains("signé le 23 juin 1968", html, StringComparison.Ordinal);
        Assert.Contains("réactualisé le 23 mai 1991", html, StringComparison.Ordinal);
        Assert.Contains("Sécurité incendie", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Accord confidentiel", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Villesecrète", html, StringComparison.Ordinal);

        var response = await client.GetAsync("/marseille/list.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var text = PdfToText(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("Liste des jumelages et accords de coopération", text, StringComparison.Ordinal);
        Assert.Contains("Serment de jumelage Marseille–Dakar", text, StringComparison.Ordinal);
        Assert.Contains("réactualisé le 23 mai 1991", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Accord confidentiel", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Villesecrète", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Pacte discret", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_calendar_feed_parses_with_ical_js_and_holds_review_and_renewal_dates_of_its_own_town_only()
    {
        var marseille = await Data.CreateTenantAsync("marseille", modules: ["agreements", "network-memberships"]);
        var bagnolet = await Data.CreateTenantAsync("bagnolet", modules: ["agreements", "network-memberships"]);
        var genes = await Data.AddPartnerCityAsync(marseille, "Gênes", "IT");
        var longTitle = "Charte d'Alliance Barcelone–Gênes–Lyon–Marseille; culture, patrimoine, risques urbains, santé, eau \\ transports";
        var charter = await Data.AddAgreementAsync(marseille, longTitle, [genes], nextReviewOn: new DateOnly(2027, 7, 9));
        await Data.AddAgreementAsync(marseille, "Accord confidentiel", [genes], isPublic: false, nextReviewOn: new DateOnly(2027, 3, 1));
        await Data.AddAgreementAsync(marseille, "Sans date de révision", [genes]);
        var ipgr = await Data.AddMembershipAsync(marseille, "ipgr", renewalOn: new DateOnly(2027, 1, 31));
        var oranienburg = await Data.AddPartnerCityAsync(bagnolet, "Oranienburg", "DE");
        await Data.AddAgreementAsync(bagnolet, "Jumelage Bagnolet–Oranienburg", [oranienburg], nextReviewOn: new DateOnly(2027, 2, 2));
        var token = await Data.CalendarTokenAsync(marseille);
        using var anonymous = App.CreateClient();

        var response = await anonymous.GetAsync($"/marseille/calendar/{token}.ics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        var ics = await response.Content.ReadAsStringAsync();
        Assert.All(ics.Split("\r\n").Where(l => l.Length > 0), l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75, $"line over 75 octets: {l}"));
        Assert.DoesNotContain("\n", ics.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);

        var feed = ParseWithIcalJs(ics);
        Assert.Equal("2.0", feed.GetProperty("version").GetString());
        var events = feed.GetProperty("events").EnumerateArray().ToDictionary(e => e.GetProperty("uid").GetString()!, e => e);
        Assert.Equal(3, events.Count);
        var review = events[$"agreement-review-{charter.Id}@marseille.twinningcloud"];
        Assert.Equal("Révision : " + longTitle, review.GetProperty("summary").GetString());
        Assert.Equal("2027-07-09", review.GetProperty("start").GetString());
        Assert.True(review.GetProperty("isDate").GetBoolean());
        Assert.True(review.GetProperty("stamp").GetBoolean());
        var renewal = events[$"membership-renewal-{ipgr.Id}@marseille.twinningcloud"];
        Assert.Equal("Renouvellement d'adhésion : IPGR", renewal.GetProperty("summary").GetString());
        Assert.Equal("2027-01-31", renewal.GetProperty("start").GetString());
        Assert.Contains(events.Values, e => e.GetProperty("summary").GetString() == "Révision : Accord confidentiel");
        Assert.DoesNotContain("Oranienburg", ics, StringComparison.Ordinal);

        // The same UIDs on the next fetch, so calendar apps update rather than duplicate.
        var again = ParseWithIcalJs(await anonymous.GetStringAsync($"/marseille/calendar/{token}.ics"));
        Assert.Equal(events.Keys.Order(), again.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("uid").GetString()!).Order());
    }

    [Fact]
    public async Task A_wrong_token_or_another_towns_token_answers_404()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var bagnolet = await Data.CreateTenantAsync("bagnolet");
        var marseilleToken = await Data.CalendarTokenAsync(marseille);
        using var anonymous = App.CreateClient();

        var wrong = marseilleToken[..^1] + (marseilleToken[^1] == '0' ? '1' : '0'); // one character off (never the token itself)
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/marseille/calendar/{wrong}.ics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/bagnolet/calendar/{marseilleToken}.ics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/marseille/calendar/{await Data.CalendarTokenAsync(bagnolet)}.ics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/marseille/calendar/{marseilleToken}.ics")).StatusCode);
    }

    [Fact]
    public async Task Staff_see_the_feed_address_on_the_calendar_page()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        using var client = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await client.SignInAsync("/marseille", "editor@marseille.fr"));

        var page = await client.GetPageAsync("/marseille/admin/calendar");

        var url = page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#feed-url")!.Value;
        Assert.EndsWith($"/marseille/calendar/{await Data.CalendarTokenAsync(marseille)}.ics", url, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("label[for='feed-url']"));
    }

    [Fact]
    public void Ical_Net_folds_long_lines_at_75_octets_without_splitting_a_character_and_escapes_text_values()
    {
        var summary = "Révision : " + string.Concat(Enumerable.Repeat("é", 80)) + " ; virgule, barre \\ et\nretour";
        var ics = CalendarFeed.Serialize("Ville de Marseille — révisions", [new CalendarFeed.Event("agreement-review-1@marseille.twinningcloud", new DateOnly(2027, 7, 9), summary, "Interne")], new DateTime(2026, 11, 27, 10, 0, 0, DateTimeKind.Utc));

        Assert.All(ics.Split("\r\n"), l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75, $"line over 75 octets: {l}"));
        Assert.DoesNotContain("\uFFFD", ics, StringComparison.Ordinal);
        var unfolded = ics.Replace("\r\n ", "", StringComparison.Ordinal);
        Assert.Contains("SUMMARY:Révision : " + string.Concat(Enumerable.Repeat("é", 80)) + " \\; virgule\\, barre \\\\ et\\nretour\r\n", unfolded, StringComparison.Ordinal);
        Assert.Contains("DTSTART;VALUE=DATE:20270709\r\n", unfolded, StringComparison.Ordinal);
        Assert.Contains("DTEND;VALUE=DATE:20270710\r\n", unfolded, StringComparison.Ordinal);
        var parsed = ParseWithIcalJs(ics).GetProperty("events")[0];
        Assert.Equal(summary, parsed.GetProperty("summary").GetString());
        Assert.Equal("agreement-review-1@marseille.twinningcloud", parsed.GetProperty("uid").GetString());
    }

    [Fact]
    public async Task The_PDF_prints_names_outside_Latin_1_and_the_French_thousands_separator()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var gdansk = await Data.AddPartnerCityAsync(marseille, "Gdańsk", "PL", null, 486_022);
        var piraeus = await Data.AddPartnerCityAsync(marseille, "Le Pirée", "GR", "Πειραιάς", 163_688);
        var odesa = await Data.AddPartnerCityAsync(marseille, "Odessa", "UA", "Одеса", 1_010_537);
        await Data.AddAgreementAsync(marseille, "Accord de coopération Marseille–Gdańsk", [gdansk]);
        await Data.AddAgreementAsync(marseille, "Jumelage Marseille–Le Pirée", [piraeus]);
        await Data.AddAgreementAsync(marseille, "Jumelage Marseille–Odessa (Одеса)", [odesa]);
        using var client = App.CreateClient();

        var pdf = await client.GetByteArrayAsync("/marseille/list.pdf");
        var text = PdfToText(pdf);

        Assert.Contains("Gdańsk (Pologne)", text, StringComparison.Ordinal);
        Assert.Contains("Le Pirée – Πειραιάς (Grèce)", text, StringComparison.Ordinal);
        Assert.Contains("Odessa – Одеса (Ukraine)", text, StringComparison.Ordinal);
        Assert.Contains("Jumelage Marseille–Odessa (Одеса)", text, StringComparison.Ordinal);
        // French groups digits with a narrow no-break space (U+202F), once printed as "?": pdftotext turns every
        // kind of space into a plain one, so the PDF's own text map (ToUnicode) must say U+202F.
        Assert.Matches(@"1\s010\s537 habitants", text);
        Assert.Matches(@"486\s022 habitants", text);
        Assert.DoesNotContain("?", text, StringComparison.Ordinal);
        Assert.Contains("202F", ToUnicodeMaps(pdf), StringComparison.OrdinalIgnoreCase);
    }

    private static JsonElement ParseWithIcalJs(string ics)
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, ics);
        try
        {
            var start = new ProcessStartInfo("node", [Path.Combine(RepositoryRoot.Path, "tests", "TwinningCloud.Tests", "Register", "Outputs", "parse-ics.cjs"), file])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["NODE_PATH"] = Path.Combine(RepositoryRoot.Path, "tools", "test-env", "node_modules");
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"ical.js could not parse the feed: {error}");
            return JsonDocument.Parse(output).RootElement.Clone();
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The PDF's ToUnicode character maps (glyph → Unicode), inflated.</summary>
    private static string ToUnicodeMaps(byte[] pdf)
    {
        var raw = Encoding.Latin1.GetString(pdf);
        var maps = new StringBuilder();
        for (var at = raw.IndexOf("stream", StringComparison.Ordinal); at >= 0; at = raw.IndexOf("stream", at + 6, StringComparison.Ordinal))
        {
            if (at >= 3 && raw.AsSpan(at - 3, 3).SequenceEqual("end"))
            {
                continue;
            }
            var start = at + 6 + (raw[at + 6] == '\r' ? 2 : 1);
            var end = raw.IndexOf("endstream", start, StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }
            try
            {
                using var inflate = new System.IO.Compression.ZLibStream(new MemoryStream(pdf, start, end - start), System.IO.Compression.CompressionMode.Decompress);
                using var reader = new StreamReader(inflate, Encoding.Latin1);
                var content = reader.ReadToEnd();
                if (content.Contains("begincmap", StringComparison.Ordinal))
                {
                    maps.Append(content);
                }
            }
            catch (InvalidDataException)
            {
                var content = raw[start..end];
                if (content.Contains("begincmap", StringComparison.Ordinal))
                {
                    maps.Append(content);
                }
            }
        }
        Assert.True(maps.Length > 0, "the PDF has no ToUnicode map");
        return maps.ToString();
    }

    private static string PdfToText(byte[] pdf)
    {
        var file = Path.GetTempFileName();
        File.WriteAllBytes(file, pdf);
        try
        {
            var start = new ProcessStartInfo("pdftotext", ["-enc", "UTF-8", file, "-"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"pdftotext could not open the PDF: {error}");
            return output;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
