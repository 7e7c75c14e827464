using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Identity;
using static TwinningCloud.Tests.Register.Outputs.ImportPages;

namespace TwinningCloud.Tests.Security;

/// <summary>Issue 9, item 5: single-line fields refuse CR, LF, NUL and the other control characters, on forms, the API and imports.</summary>
public sealed class ControlCharacterTests(AppFixture app) : AppTest(app)
{
    [Theory]
    [InlineData("Gênes\r\nBcc: everyone@example.org")]
    [InlineData("Gênes\u0000")]
    [InlineData("Gê\tnes")]
    [InlineData("Gênes\u2028")]
    public async Task A_city_name_with_a_control_character_is_refused_next_to_the_field_and_nothing_is_saved(string name)
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        using var editor = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await editor.SignInAsync("/marseille", "editor@marseille.fr"));

        var response = await editor.SubmitFormAsync("/marseille/admin/partner-cities/new", new Dictionary<string, string?>
        {
            ["Form.Name"] = name, ["Form.CountryCode"] = "IT",
        });

        if (name.Contains('\u0000', StringComparison.Ordinal))
        {
            // The form reader itself refuses a NUL (400, before the page): refused all the same, never a 500.
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, $"NUL in a name: {(int)response.StatusCode}");
        }
        else
        {
            AssertStatus(HttpStatusCode.UnprocessableEntity, response);
            Assert.Contains("ce champ tient sur une ligne", (await Html.ParseAsync(response)).QuerySelector("#Name-error")?.TextContent ?? "(no error)", StringComparison.Ordinal);
        }
        Assert.Equal(0, await Data.InTenantAsync(marseille, db => db.Set<PartnerCity>().CountAsync()));
    }

    [Fact]
    public async Task Notes_keep_their_line_breaks_but_not_a_NUL()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        using var editor = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await editor.SignInAsync("/marseille", "editor@marseille.fr"));

        var nul = await editor.SubmitFormAsync("/marseille/admin/partner-cities/new", new Dictionary<string, string?>
        {
            ["Form.Name"] = "Gênes", ["Form.CountryCode"] = "IT", ["Form.Notes"] = "ligne\u0000",
        });
        Assert.True(nul.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, $"NUL in notes: {(int)nul.StatusCode}");
        Assert.Equal(0, await Data.InTenantAsync(marseille, db => db.Set<PartnerCity>().CountAsync()));

        AssertStatus(HttpStatusCode.Redirect, await editor.SubmitFormAsync("/marseille/admin/partner-cities/new", new Dictionary<string, string?>
        {
            ["Form.Name"] = "Gênes", ["Form.CountryCode"] = "IT", ["Form.Notes"] = "première ligne\r\n\tseconde ligne",
        }));
        Assert.Equal("première ligne\r\n\tseconde ligne", await Data.InTenantAsync(marseille, db => db.Set<PartnerCity>().Select(c => c.Notes).SingleAsync()));
    }

    [Fact]
    public async Task The_API_and_the_import_refuse_a_title_that_would_break_a_mail_subject()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var genes = await Data.AddPartnerCityAsync(marseille, "Gênes");
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        using var client = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await client.SignInAsync("/marseille", "editor@marseille.fr"));
        using var api = App.CreateClient();
        var token = await api.PostAsJsonAsync("/marseille/api/v1/auth/token", new { email = "editor@marseille.fr", password = TestUsers.StaffPassword });
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());

        var created = await api.PostAsJsonAsync("/marseille/api/v1/agreements", new { kind = "TwinningOath", title = "Serment\r\nX-Header: 1", partyIds = new[] { genes.Id }, status = "Active" });
        AssertStatus(HttpStatusCode.BadRequest, created);
        Assert.True((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("title", out _));

        var preview = await Html.ParseAsync(await UploadAsync(client, "agreements.csv", "title,kind,partners\n\"Serment\nsur deux lignes\",twinning-oath,Gênes (IT)\n"));
        Assert.Contains(BadLines(preview), l => l.Field == "title");
        var nul = await Html.ParseAsync(await UploadAsync(client, "partner-cities.csv", "name,country\nLyon\u0000,FR\n"));
        Assert.NotEmpty(BadLines(nul));
        Assert.Equal(0, await Data.InTenantAsync(marseille, db => db.Set<Agreement>().CountAsync()));
    }

    [Fact]
    public async Task An_invitee_name_or_a_town_name_with_a_line_break_is_refused()
    {
        await Data.EnsureOperatorAsync();
        var marseille = await Data.CreateTenantAsync("marseille");
        await Data.CreateStaffAsync(marseille, "admin@marseille.fr", Roles.TenantAdmin);
        using var admin = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await admin.SignInAsync("/marseille", "admin@marseille.fr"));

        var invited = await admin.SubmitFormAsync("/marseille/admin/team", new Dictionary<string, string?>
        {
            ["Name"] = "Camille\nDurand", ["Email"] = MailDev.NewAddress("camille"), ["Role"] = Roles.Editor,
        }, "#invite-form");
        AssertStatus(HttpStatusCode.UnprocessableEntity, invited);
        Assert.Contains("une ligne", (await Html.ParseAsync(invited)).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);

        using var operatorClient = App.CreateClient();
        await operatorClient.SignInAsOperatorAsync();
        var renamed = await operatorClient.SubmitFormAsync($"/platform/tenants/edit/{marseille.Id}", new Dictionary<string, string?> { ["Form.DisplayName"] = "Ville de\r\nMarseille" });
        AssertStatus(HttpStatusCode.UnprocessableEntity, renamed);
        Assert.NotNull((await Html.ParseAsync(renamed)).QuerySelector("#DisplayName-error"));
    }
}
