using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Identity;

namespace TwinningCloud.Tests.Identity;

/// <summary>Invitation, reset, change of email and sign-out everywhere, end to end through the real SMTP server.</summary>
public sealed class AccountFlowTests(AppFixture app) : AppTest(app)
{
    private async Task<(HttpClient Client, string Email)> SignedInAdminAsync(Web.Platform.Tenancy.TenantInfo tenant)
    {
        var email = MailDev.NewAddress("admin");
        await Data.CreateStaffAsync(tenant, email, Roles.TenantAdmin);
        var client = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await client.SignInAsync("/" + tenant.Slug, email));
        return (client, email);
    }

    [Fact]
    public async Task A_tenant_admin_invites_a_colleague_who_sets_a_password_from_the_mail_and_is_signed_in()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        var (admin, adminEmail) = await SignedInAdminAsync(marseille);
        var colleague = MailDev.NewAddress("colleague");

        var invited = await admin.SubmitFormAsync("/marseille/admin/team", new Dictionary<string, string?> { ["Name"] = "Camille Durand", ["Email"] = colleague, ["Role"] = Roles.Editor }, "#invite-form");

        AssertStatus(HttpStatusCode.OK, invited);
        Assert.Contains("Camille Durand", (await Html.ParseAsync(invited)).QuerySelector("table")!.TextContent, StringComparison.Ordinal);
        Assert.Contains($"Une invitation a été envoyée à {colleague}", await ReadAsync(invited), StringComparison.Ordinal);
        var mail = await MailDev.WaitForAsync(colleague);
        Assert.Equal("Ville de Marseille : vous êtes invité·e sur TwinningCloud", mail.Subject);
        Assert.Contains("Ville de Marseille", mail.Html, StringComparison.Ordinal);
        Assert.Equal("Ville de Marseille", mail.From.Single().Name);
        // Who invited, and with which role (the inviting admin's name is the part of the address before @).
        Assert.Contains($"{adminEmail.Split('@')[0]} vous a invité·e à gérer les relations internationales de Ville de Marseille sur TwinningCloud, avec le rôle : Rédacteur.", mail.Text, StringComparison.Ordinal);
        Assert.Equal("Camille Durand", (await Data.FindUserAsync(colleague))!.DisplayName);
        var link = MailDev.LinkIn(mail);
        Assert.StartsWith($"{App.BaseAddress}marseille/account/set-password?kind=invitation", link, StringComparison.Ordinal);
        // The long link is the button of the HTML part (its href, once) and written out in the text part only.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(mail.Html!, "set-password\\?kind=invitation"));
        Assert.Contains(link, mail.Text, StringComparison.Ordinal);

        using var browser = App.CreateClient();
        var done = await browser.SubmitFormAsync(link, new Dictionary<string, string?> { ["Password"] = "Colleague-password-1", ["Confirm"] = "Colleague-password-1" });
        AssertStatus(HttpStatusCode.Redirect, done);
        Assert.Equal("/marseille/admin", done.Headers.Location!.OriginalString);
        var dashboard = await browser.GetPageAsync("/marseille/admin");
        Assert.Equal("Ville de Marseille — administration", dashboard.QuerySelector("h1")!.TextContent);
        Assert.True((await Data.FindUserAsync(colleague))!.EmailConfirmed);
        // An editor is not a tenant admin: the team page is not theirs.
        AssertStatus(HttpStatusCode.Redirect, await browser.GetAsync("/marseille/admin/team"));
        // The link works once.
        using var again = App.CreateClient();
        var replay = await again.SubmitFormAsync(link, new Dictionary<string, string?> { ["Password"] = "Another-password-1", ["Confirm"] = "Another-password-1" });
        AssertStatus(HttpStatusCode.UnprocessableEntity, replay);
    }

    [Fact]
    public async Task Inviting_someone_who_already_has_an_account_answers_the_same_and_only_grants_access()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var bagnolet = await Data.CreateTenantAsync("bagnolet", "Ville de Bagnolet");
        var existing = MailDev.NewAddress("existing");
        await Data.CreateStaffAsync(marseille, existing, Roles.Editor);
        var (admin, _) = await SignedInAdminAsync(bagnolet);
        var newcomer = MailDev.NewAddress("newcomer");

        var toExisting = await admin.SubmitFormAsync("/bagnolet/admin/team", new Dictionary<string, string?> { ["Name"] = "Existing Person", ["Email"] = existing, ["Role"] = Roles.Editor }, "#invite-form");
        var toNew = await admin.SubmitFormAsync("/bagnolet/admin/team", new Dictionary<string, string?> { ["Name"] = "New Person", ["Email"] = newcomer, ["Role"] = Roles.Editor }, "#invite-form");

        var messageExisting = (await Html.ParseAsync(toExisting)).QuerySelector("[role=status]")!.TextContent.Replace(existing, "*", StringComparison.Ordinal);
        var messageNew = (await Html.ParseAsync(toNew)).QuerySelector("[role=status]")!.TextContent.Replace(newcomer, "*", StringComparison.Ordinal);
        Assert.Equal(messageNew, messageExisting);
        Assert.Equal(toNew.StatusCode, toExisting.StatusCode);
        var access = await MailDev.WaitForAsync(existing, m => m.Subject.Contains("Ville de Bagnolet", StringComparison.Ordinal));
        Assert.EndsWith("/bagnolet/sign-in", MailDev.LinkIn(access), StringComparison.Ordinal);
        using var client = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await client.SignInAsync("/bagnolet", existing)); // the same password, a new town
    }

    [Fact]
    public async Task A_forgotten_password_is_reset_from_the_mail_and_unknown_addresses_learn_nothing()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        var agent = MailDev.NewAddress("agent");
        await Data.CreateStaffAsync(marseille, agent, Roles.Editor);
        using var client = App.CreateClient();

        var known = await client.SubmitFormAsync("/marseille/account/forgot-password", new Dictionary<string, string?> { ["Email"] = agent });
        var unknown = await client.SubmitFormAsync("/marseille/account/forgot-password", new Dictionary<string, string?> { ["Email"] = MailDev.NewAddress("nobody") });

        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal((await Html.ParseAsync(known)).QuerySelector("main")!.TextContent, (await Html.ParseAsync(unknown)).QuerySelector("main")!.TextContent);
        var mail = await MailDev.WaitForAsync(agent);
        Assert.Equal("Ville de Marseille : choisissez un nouveau mot de passe", mail.Subject);
        var reset = await client.SubmitFormAsync(MailDev.LinkIn(mail), new Dictionary<string, string?> { ["Password"] = "Brand-new-password-1", ["Confirm"] = "Brand-new-password-1" });
        AssertStatus(HttpStatusCode.Redirect, reset);

        using var fresh = App.CreateClient();
        AssertStatus(HttpStatusCode.OK, await fresh.SignInAsync("/marseille", agent)); // the old password no longer works
        AssertStatus(HttpStatusCode.Redirect, await fresh.SignInAsync("/marseille", agent, "Brand-new-password-1"));
    }

    [Fact]
    public async Task A_short_or_mismatched_password_is_refused_with_a_clear_message()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var agent = MailDev.NewAddress("agent");
        await Data.CreateStaffAsync(marseille, agent, Roles.Editor);
        using var client = App.CreateClient();
        await client.SubmitFormAsync("/marseille/account/forgot-password", new Dictionary<string, string?> { ["Email"] = agent });
        var link = MailDev.LinkIn(await MailDev.WaitForAsync(agent));

        var mismatch = await client.SubmitFormAsync(link, new Dictionary<string, string?> { ["Password"] = "Long-enough-password-1", ["Confirm"] = "Something-else-entirely" });
        var tooShort = await client.SubmitFormAsync(link, new Dictionary<string, string?> { ["Password"] = "short", ["Confirm"] = "short" });

        AssertStatus(HttpStatusCode.UnprocessableEntity, mismatch);
        Assert.Contains("ne sont pas identiques", (await Html.ParseAsync(mismatch)).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        AssertStatus(HttpStatusCode.UnprocessableEntity, tooShort);
        Assert.Contains("au moins 12 caractères", (await Html.ParseAsync(tooShort)).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_of_email_takes_effect_only_from_the_link_sent_to_the_new_address()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var (client, oldEmail) = await SignedInAdminAsync(marseille);
        var newEmail = MailDev.NewAddress("renamed");

        var wrongPassword = await client.SubmitFormAsync("/marseille/account", new Dictionary<string, string?> { ["NewEmail"] = newEmail, ["CurrentPassword"] = "not-my-password" }, "form[action*='handler=Email']");
        AssertStatus(HttpStatusCode.UnprocessableEntity, wrongPassword);
        Assert.Contains("mot de passe actuel n'est pas correct", (await Html.ParseAsync(wrongPassword)).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        var noPassword = await client.SubmitFormAsync("/marseille/account", new Dictionary<string, string?> { ["NewEmail"] = newEmail }, "form[action*='handler=Email']");
        AssertStatus(HttpStatusCode.UnprocessableEntity, noPassword);

        var asked = await client.SubmitFormAsync("/marseille/account", new Dictionary<string, string?> { ["NewEmail"] = newEmail, ["CurrentPassword"] = TestUsers.StaffPassword }, "form[action*='handler=Email']");

        AssertStatus(HttpStatusCode.OK, asked);
        Assert.NotNull(await Data.FindUserAsync(oldEmail));
        var mail = await MailDev.WaitForAsync(newEmail);
        Assert.Single(await MailDev.AllAsync(), m => m.To.Any(t => t.Email == newEmail)); // the refused attempts sent nothing
        var confirmed = await client.GetAsync(MailDev.LinkIn(mail));
        AssertStatus(HttpStatusCode.OK, confirmed);
        Assert.Null(await Data.FindUserAsync(oldEmail));
        Assert.NotNull(await Data.FindUserAsync(newEmail));
        using var fresh = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await fresh.SignInAsync("/marseille", newEmail));
    }

    [Fact]
    public async Task Signing_out_everywhere_ends_other_sessions_and_API_tokens_at_once()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var (laptop, email) = await SignedInAdminAsync(marseille);
        using var phone = App.CreateClient();
        await phone.SignInAsync("/marseille", email);
        var token = (await (await phone.PostAsJsonAsync("/marseille/api/v1/auth/token", new { email, password = TestUsers.StaffPassword }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        AssertStatus(HttpStatusCode.OK, await phone.GetAsync("/marseille/admin"));

        AssertStatus(HttpStatusCode.Redirect, await laptop.SubmitFormAsync("/marseille/account", new Dictionary<string, string?>(), "form[action*='handler=SignOutEverywhere']"));

        AssertStatus(HttpStatusCode.Redirect, await phone.GetAsync("/marseille/admin"));
        AssertStatus(HttpStatusCode.Redirect, await laptop.GetAsync("/marseille/admin"));
        var api = new HttpRequestMessage(HttpMethod.Get, "/marseille/api/v1/me");
        api.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        AssertStatus(HttpStatusCode.Unauthorized, await phone.SendAsync(api));
        Assert.Contains(App.Logs.Entries, e => e.EventId.Id == 4008);
    }

    [Fact]
    public async Task A_role_taken_away_applies_at_once_and_the_last_admin_stays()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var (admin, adminEmail) = await SignedInAdminAsync(marseille);
        var colleague = MailDev.NewAddress("colleague");
        var colleagueUser = await Data.CreateStaffAsync(marseille, colleague, Roles.TenantAdmin);
        using var colleagueClient = App.CreateClient();
        await colleagueClient.SignInAsync("/marseille", colleague);
        AssertStatus(HttpStatusCode.OK, await colleagueClient.GetAsync("/marseille/admin/team"));

        var demoted = await admin.SubmitFormAsync("/marseille/admin/team", new Dictionary<string, string?> { ["UserId"] = colleagueUser.Id.ToString(), ["Role"] = Roles.Editor },
            $"form:has(input[value='{colleagueUser.Id}'])[action*='handler=Role']");
        AssertStatus(HttpStatusCode.OK, demoted);
        AssertStatus(HttpStatusCode.Redirect, await colleagueClient.GetAsync("/marseille/admin/team"));
        AssertStatus(HttpStatusCode.OK, await colleagueClient.GetAsync("/marseille/admin"));

        var removed = await admin.SubmitFormAsync("/marseille/admin/team", new Dictionary<string, string?> { ["UserId"] = colleagueUser.Id.ToString() },
            $"form:has(input[value='{colleagueUser.Id}'])[action*='handler=Remove']");
        AssertStatus(HttpStatusCode.OK, removed);
        AssertStatus(HttpStatusCode.Redirect, await colleagueClient.GetAsync("/marseille/admin"));

        var me = (await Data.FindUserAsync(adminEmail))!;
        var lastAdmin = await admin.SubmitFormAsync("/marseille/admin/team", new Dictionary<string, string?> { ["UserId"] = me.Id.ToString() },
            $"form:has(input[value='{me.Id}'])[action*='handler=Remove']");
        AssertStatus(HttpStatusCode.UnprocessableEntity, lastAdmin);
        Assert.Contains(App.Logs.Entries, e => e.EventId.Id == 4005 && (Guid)e.State["UserId"]! == colleagueUser.Id);
    }

    [Fact]
    public async Task Team_actions_on_another_towns_person_answer_404_and_change_nothing()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var bagnolet = await Data.CreateTenantAsync("bagnolet");
        var (admin, _) = await SignedInAdminAsync(marseille);
        var stranger = await Data.CreateStaffAsync(bagnolet, MailDev.NewAddress("stranger", "bagnolet.fr"), Roles.TenantAdmin);
        var page = await admin.GetPageAsync("/marseille/admin/team");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        foreach (var handler in new[] { "Role", "Remove" })
        {
            var response = await admin.PostAsync($"/marseille/admin/team?handler={handler}", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["UserId"] = stranger.Id.ToString(), ["Role"] = Roles.Editor,
            }));
            AssertStatus(HttpStatusCode.NotFound, response);
        }
        using var strangerClient = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await strangerClient.SignInAsync("/bagnolet", stranger.Email!));
        AssertStatus(HttpStatusCode.OK, await strangerClient.GetAsync("/bagnolet/admin/team"));
    }

    [Fact]
    public async Task The_operator_invites_a_towns_first_admin_and_a_federations_admin()
    {
        await Data.EnsureOperatorAsync();
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        using var operatorClient = App.CreateClient();
        await operatorClient.SignInAsOperatorAsync();
        var townAdmin = MailDev.NewAddress("first-admin");

        AssertStatus(HttpStatusCode.OK, await operatorClient.SubmitFormAsync($"/platform/tenants/{marseille.Id}/invite", new Dictionary<string, string?> { ["Name"] = "Première Admin", ["Email"] = townAdmin }));
        using var townClient = App.CreateClient();
        var landed = await townClient.SubmitFormAsync(MailDev.LinkIn(await MailDev.WaitForAsync(townAdmin)),
            new Dictionary<string, string?> { ["Password"] = "First-admin-password-1", ["Confirm"] = "First-admin-password-1" });
        Assert.Equal("/marseille/admin", landed.Headers.Location!.OriginalString);
        AssertStatus(HttpStatusCode.OK, await townClient.GetAsync("/marseille/admin/team"));

        AssertStatus(HttpStatusCode.Redirect, await operatorClient.SubmitFormAsync("/platform/federations", new Dictionary<string, string?> { ["Name"] = "Cités Unies France", ["Slug"] = "cuf" }));
        AssertStatus(HttpStatusCode.Redirect, await operatorClient.SubmitFormAsync("/platform/federations", new Dictionary<string, string?> { ["Name"] = "AFCCRE", ["Slug"] = "afccre" }));
        var federations = await operatorClient.GetPageAsync("/platform/federations");
        var inviteLink = federations.QuerySelectorAll("a").First(a => a.TextContent.Contains("Cités Unies France", StringComparison.Ordinal)).GetAttribute("href")!;
        var federationAdmin = MailDev.NewAddress("federation", "cites-unies-france.org");
        AssertStatus(HttpStatusCode.OK, await operatorClient.SubmitFormAsync(inviteLink, new Dictionary<string, string?> { ["Name"] = "Fédé Admin", ["Email"] = federationAdmin }));
        using var federationClient = App.CreateClient();
        var federationLanded = await federationClient.SubmitFormAsync(MailDev.LinkIn(await MailDev.WaitForAsync(federationAdmin)),
            new Dictionary<string, string?> { ["Password"] = "Federation-password-1", ["Confirm"] = "Federation-password-1" });
        Assert.Equal("/federations/cuf", federationLanded.Headers.Location!.OriginalString);
        Assert.Equal("Cités Unies France", (await federationClient.GetPageAsync("/federations/cuf")).QuerySelector("h1")!.TextContent);
        var other = await federationClient.GetAsync("/federations/afccre");
        AssertStatus(HttpStatusCode.Redirect, other);
        Assert.Contains("/error/403", other.Headers.Location!.OriginalString, StringComparison.Ordinal);
        AssertStatus(HttpStatusCode.Redirect, await federationClient.GetAsync("/platform/tenants"));
    }
}
