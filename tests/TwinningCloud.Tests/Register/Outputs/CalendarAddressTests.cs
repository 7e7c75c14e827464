using System.Net;
using AngleSharp.Dom;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Identity;

namespace TwinningCloud.Tests.Register.Outputs;

/// <summary>The calendar feed's secret address can be replaced by a tenant admin; the old one dies at once.</summary>
public sealed class CalendarAddressTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task A_tenant_admin_gives_the_feed_a_new_address_and_the_old_one_answers_404_at_once()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var bagnolet = await Data.CreateTenantAsync("bagnolet");
        var admin = await Data.CreateStaffAsync(marseille, "admin@marseille.fr", Roles.TenantAdmin);
        var bagnoletToken = await Data.CalendarTokenAsync(bagnolet);
        var old = await Data.CalendarTokenAsync(marseille);
        using var anonymous = App.CreateClient();
        AssertStatus(HttpStatusCode.OK, await anonymous.GetAsync($"/marseille/calendar/{old}.ics")); // a calendar app subscribed to it
        using var client = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await client.SignInAsync("/marseille", "admin@marseille.fr"));

        var rotated = await client.SubmitFormAsync("/marseille/admin/calendar", new Dictionary<string, string?>(), "#rotate-form");

        AssertStatus(HttpStatusCode.Redirect, rotated);
        var token = await Data.CalendarTokenAsync(marseille);
        Assert.NotEqual(old, token);
        Assert.Matches("^[0-9a-f]{40}$", token);
        AssertStatus(HttpStatusCode.NotFound, await anonymous.GetAsync($"/marseille/calendar/{old}.ics"));
        AssertStatus(HttpStatusCode.OK, await anonymous.GetAsync($"/marseille/calendar/{token}.ics"));
        var page = await client.GetPageAsync(rotated.Headers.Location!.ToString());
        Assert.NotNull(page.QuerySelector("#feed-rotated[role=status]"));
        Assert.EndsWith($"/marseille/calendar/{token}.ics", page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#feed-url")!.Value, StringComparison.Ordinal);
        var logged = Assert.Single(App.Logs.Entries, e => e.EventId.Id == 4020);
        Assert.Equal("marseille", logged.State["Side"]);
        Assert.Equal(admin.Id, logged.State["UserId"]);
        Assert.DoesNotContain(token, logged.Message, StringComparison.Ordinal);
        // Another town's address is untouched.
        Assert.Equal(bagnoletToken, await Data.CalendarTokenAsync(bagnolet));
        AssertStatus(HttpStatusCode.OK, await anonymous.GetAsync($"/bagnolet/calendar/{bagnoletToken}.ics"));
    }

    [Fact]
    public async Task An_editor_sees_the_address_but_cannot_replace_it()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        var old = await Data.CalendarTokenAsync(marseille);
        using var editor = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await editor.SignInAsync("/marseille", "editor@marseille.fr"));

        var page = await editor.GetPageAsync("/marseille/admin/calendar");
        Assert.Null(page.QuerySelector("#rotate-form"));
        var antiforgery = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var post = await editor.PostAsync("/marseille/admin/calendar?handler=Rotate", new FormUrlEncodedContent([new("__RequestVerificationToken", antiforgery)]));

        AssertStatus(HttpStatusCode.Forbidden, post);
        Assert.Equal(old, await Data.CalendarTokenAsync(marseille));
        Assert.DoesNotContain(App.Logs.Entries, e => e.EventId.Id == 4020);
    }
}
