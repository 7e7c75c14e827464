using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Federations;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Federations;

/// <summary>A federation onboards towns (form), follows them, resends and cancels; towns answer invitations; who may do what.</summary>
public sealed class OnboardingTests(AppFixture app) : AppTest(app)
{
    private async Task<(Federation Federation, HttpClient Admin)> CufWithAdminAsync()
    {
        var cuf = await Data.CreateFederationAsync("cuf", "Cités Unies France");
        await Data.CreateFederationStaffAsync(cuf, "admin@cuf.org");
        var admin = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await admin.SignInAsync("", "admin@cuf.org"));
        return (cuf, admin);
    }

    private static Task<HttpResponseMessage> OnboardAsync(HttpClient admin, string town, string email, string? slug = null, string timeZone = "Europe/Paris") =>
        admin.SubmitFormAsync("/federations/cuf/onboard", new Dictionary<string, string?>
        {
            ["Form.TownName"] = town, ["Form.Slug"] = slug ?? "", ["Form.CountryCode"] = "FR", ["Form.TimeZoneId"] = timeZone,
            ["Form.AdminName"] = "Camille Martin", ["Form.AdminEmail"] = email,
        });

    [Fact]
    public async Task A_federation_admin_onboards_a_town_that_starts_in_preparation_as_a_member_and_its_first_admin_gets_the_invitation()
    {
        var (cuf, admin) = await CufWithAdminAsync();
        var email = MailDev.NewAddress("maire", "rouvray.fr");

        var response = await OnboardAsync(admin, "Saint-Étienne-du-Rouvray", email);

        AssertStatus(HttpStatusCode.Redirect, response);
        var town = await Data.LoadTenantAsync("saint-etienne-du-rouvray"); // the address name made from the town's name
        Assert.True(town.InPreparation);
        Assert.Equal("Saint-Étienne-du-Rouvray", town.DisplayName);
        Assert.Equal([ModuleKeys.Agreements, ModuleKeys.FederationDirectory], town.Modules.Select(m => m.ModuleKey).Order());
        var onboarding = Assert.Single(await Data.OnboardingsAsync(cuf));
        Assert.Equal((OnboardingStatus.Invited, town.Id), (onboarding.Status, onboarding.TenantId!.Value));
        var mail = await MailDev.WaitForAsync(email);
        Assert.StartsWith($"{App.BaseAddress.ToString().TrimEnd('/')}/saint-etienne-du-rouvray/account/set-password?kind=invitation", MailDev.LinkIn(mail), StringComparison.Ordinal);
        var page = await admin.GetPageAsync("/federations/cuf");
        Assert.Contains("Invitée", page.QuerySelector("tr[data-onboarding=saint-etienne-du-rouvray]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Saint-Étienne-du-Rouvray", page.QuerySelector("tr[data-member=saint-etienne-du-rouvray]")!.TextContent, StringComparison.Ordinal);

        // The same town again: reported, not created twice.
        var again = await OnboardAsync(admin, "Saint-Étienne-du-Rouvray", email);
        AssertStatus(HttpStatusCode.UnprocessableEntity, again);
        Assert.Contains("déjà accueilli", await ReadAsync(again), StringComparison.Ordinal);
        Assert.Single(await Data.OnboardingsAsync(cuf));
    }

    [Fact]
    public async Task The_onboarding_form_names_every_bad_field_and_creates_nothing()
    {
        var (cuf, admin) = await CufWithAdminAsync();
        await Data.CreateTenantAsync("marseille");

        var response = await admin.SubmitFormAsync("/federations/cuf/onboard", new Dictionary<string, string?>
        {
            ["Form.TownName"] = "Marseille", ["Form.Slug"] = "", ["Form.CountryCode"] = "XX", ["Form.TimeZoneId"] = "Mars/Olympus",
            ["Form.AdminEmail"] = "not-an-address",
        });

        AssertStatus(HttpStatusCode.UnprocessableEntity, response);
        var page = await Html.ParseAsync(response);
        Assert.Equal("Une ville utilise déjà ce nom dans l'adresse web.", page.QuerySelector("#Slug-error")!.TextContent);
        Assert.Equal("Choisissez un pays dans la liste.", page.QuerySelector("#CountryCode-error")!.TextContent);
        Assert.Equal("Choisissez un fuseau horaire dans la liste.", page.QuerySelector("#TimeZoneId-error")!.TextContent);
        Assert.Equal("Indiquez une adresse électronique valide.", page.QuerySelector("#AdminEmail-error")!.TextContent);
        Assert.Equal("Marseille", ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("#TownName")!).Value); // nothing typed is lost
        Assert.Empty(await Data.OnboardingsAsync(cuf));
    }

    [Fact]
    public async Task Cancelling_an_onboarding_whose_invitation_was_never_accepted_removes_the_empty_town()
    {
        var (cuf, admin) = await CufWithAdminAsync();
        var email = MailDev.NewAddress("maire", "villeneuve.fr");
        AssertStatus(HttpStatusCode.Redirect, await OnboardAsync(admin, "Villeneuve", email));
        var onboarding = Assert.Single(await Data.OnboardingsAsync(cuf));

        var cancel = await admin.SubmitFormAsync("/federations/cuf", new Dictionary<string, string?>(), $"form[action*='handler=Cancel']");

        AssertStatus(HttpStatusCode.Redirect, cancel);
        var after = Assert.Single(await Data.OnboardingsAsync(cuf));
        Assert.Equal((OnboardingStatus.Cancelled, (Guid?)null), (after.Status, after.TenantId));
        Assert.Null(await App.Services.GetRequiredService<TenantCatalog>().FindBySlugAsync("villeneuve"));
        Assert.Null(await Data.FindUserAsync(email)); // the invited account, never used, goes too
        AssertStatus(HttpStatusCode.NotFound, await App.CreateClient().GetAsync("/villeneuve/"));
        // The address is free again: the town can be onboarded anew.
        AssertStatus(HttpStatusCode.Redirect, await OnboardAsync(admin, "Villeneuve", email));
        Assert.NotEqual(onboarding.Id, (await Data.OnboardingsAsync(cuf)).Last().Id);
    }

    [Fact]
    public async Task The_onboarding_moves_from_invited_to_invitation_accepted_to_first_data_published_to_active()
    {
        var (cuf, admin) = await CufWithAdminAsync();
        var email = MailDev.NewAddress("maire", "villeneuve.fr");
        AssertStatus(HttpStatusCode.Redirect, await OnboardAsync(admin, "Villeneuve", email));
        async Task<OnboardingStatus> StatusAsync()
        {
            await admin.GetPageAsync("/federations/cuf"); // the staff page brings each onboarding up to date
            return Assert.Single(await Data.OnboardingsAsync(cuf)).Status;
        }
        Assert.Equal(OnboardingStatus.Invited, await StatusAsync());

        await using (var scope = App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            Assert.True((await users.AddPasswordAsync(user, "Villeneuve-password-1")).Succeeded);
            user.EmailConfirmed = true;
            await users.UpdateAsync(user);
        }
        Assert.Equal(OnboardingStatus.InvitationAccepted, await StatusAsync());

        var town = (await App.Services.GetRequiredService<TenantCatalog>().FindBySlugAsync("villeneuve"))!;
        var tunis = await Data.AddCityAsync(town, "Tunis", "TN", 36.8, 10.18, isPublic: false);
        await Data.AddAgreementAsync(town, "Accord interne", AgreementKind.CooperationAgreement, [tunis], isPublic: false);
        Assert.Equal(OnboardingStatus.InvitationAccepted, await StatusAsync()); // internal items are not "published"
        await Data.AddAgreementAsync(town, "Accord Villeneuve–Tunis", AgreementKind.CooperationAgreement, [tunis]);
        Assert.Equal(OnboardingStatus.FirstDataPublished, await StatusAsync());

        await Data.PublishAsync(town);
        Assert.Equal(OnboardingStatus.Active, await StatusAsync());
    }

    [Fact]
    public async Task Editors_and_operators_read_the_federations_pages_only_its_admins_onboard_and_another_federation_sees_nothing()
    {
        var (cuf, admin) = await CufWithAdminAsync();
        AssertStatus(HttpStatusCode.Redirect, await OnboardAsync(admin, "Villeneuve", MailDev.NewAddress("maire", "villeneuve.fr")));
        await Data.CreateFederationStaffAsync(cuf, "editor@cuf.org", Roles.FederationEditor);
        var afccre = await Data.CreateFederationAsync("afccre", "AFCCRE");
        await Data.CreateFederationStaffAsync(afccre, "admin@afccre.org");
        await Data.EnsureOperatorAsync();
        using var editor = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await editor.SignInAsync("", "editor@cuf.org"));
        using var op = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await op.SignInAsync("", TestUsers.OperatorEmail, TestUsers.OperatorPassword));
        using var other = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await other.SignInAsync("", "admin@afccre.org"));

        foreach (var reader in new[] { editor, op })
        {
            var page = await reader.GetPageAsync("/federations/cuf");
            Assert.Contains("Villeneuve", page.QuerySelector("#onboardings")!.ParentElement!.TextContent, StringComparison.Ordinal);
            Assert.Empty(page.QuerySelectorAll("form[action*='handler=Cancel']")); // no admin buttons
            Assert.True(IsForbidden(await reader.GetAsync("/federations/cuf/onboard")));
        }
        var onboarding = Assert.Single(await Data.OnboardingsAsync(cuf));
        foreach (var reader in new[] { editor, op })
        {
            var token = await AntiforgeryAsync(reader, "/account");
            var post = await reader.PostAsync($"/federations/cuf?handler=Cancel&id={onboarding.Id}", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
            Assert.True(IsForbidden(post), $"{(int)post.StatusCode}");
        }
        Assert.Equal(OnboardingStatus.Invited, Assert.Single(await Data.OnboardingsAsync(cuf)).Status);

        var foreign = await other.GetAsync("/federations/cuf");
        Assert.True(IsForbidden(foreign));
        Assert.DoesNotContain("Villeneuve", await ReadAsync(foreign), StringComparison.Ordinal);
        // Another federation's onboarding id through one's own federation: 404.
        var afccreToken = await AntiforgeryAsync(other, "/account");
        var cross = await other.PostAsync($"/federations/afccre?handler=Cancel&id={onboarding.Id}", new FormUrlEncodedContent([new("__RequestVerificationToken", afccreToken)]));
        AssertStatus(HttpStatusCode.NotFound, cross);
        Assert.Equal(OnboardingStatus.Invited, Assert.Single(await Data.OnboardingsAsync(cuf)).Status);
    }

    [Fact]
    public async Task A_town_on_the_platform_is_invited_its_admin_accepts_then_leaves_and_another_town_cannot_touch_its_membership()
    {
        var (cuf, admin) = await CufWithAdminAsync();
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        var bagnolet = await Data.CreateTenantAsync("bagnolet", "Ville de Bagnolet");
        await Data.CreateStaffAsync(marseille, "admin@marseille.fr", Roles.TenantAdmin);
        await Data.CreateStaffAsync(bagnolet, "admin@bagnolet.fr", Roles.TenantAdmin);

        AssertStatus(HttpStatusCode.Redirect, await admin.SubmitFormAsync("/federations/cuf", new Dictionary<string, string?> { ["town"] = "marseille" }, "form[action*='handler=Invite']"));

        using var town = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await town.SignInAsync("/marseille", "admin@marseille.fr"));
        // The town admin reaches the page from the dashboard.
        Assert.NotNull((await town.GetPageAsync("/marseille/admin")).QuerySelector("#main a[href='/marseille/admin/federations']"));
        var page = await town.GetPageAsync("/marseille/admin/federations");
        Assert.Contains("Invitée", page.QuerySelector("tr[data-federation=cuf]")!.TextContent, StringComparison.Ordinal);
        AssertStatus(HttpStatusCode.Redirect, await town.SubmitFormAsync("/marseille/admin/federations", new Dictionary<string, string?>(), "form[action*='handler=Accept']"));
        page = await town.GetPageAsync("/marseille/admin/federations");
        Assert.Contains("Membre", page.QuerySelector("tr[data-federation=cuf]")!.TextContent, StringComparison.Ordinal);
        var memberId = Guid.Parse(System.Text.RegularExpressions.Regex.Match(page.QuerySelector("form[action*='handler=Leave']")!.GetAttribute("action")!, "id=([0-9a-f-]+)").Groups[1].Value);

        using var intruder = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await intruder.SignInAsync("/bagnolet", "admin@bagnolet.fr"));
        var token = await AntiforgeryAsync(intruder, "/bagnolet/account");
        AssertStatus(HttpStatusCode.NotFound, await intruder.PostAsync($"/bagnolet/admin/federations?handler=Leave&id={memberId}", new FormUrlEncodedContent([new("__RequestVerificationToken", token)])));
        Assert.Equal(MemberStatus.Accepted, (await Data.LoadFederationMemberAsync(memberId)).Status);

        AssertStatus(HttpStatusCode.Redirect, await town.SubmitFormAsync("/marseille/admin/federations", new Dictionary<string, string?>(), "form[action*='handler=Leave']"));
        Assert.Equal(MemberStatus.Left, (await Data.LoadFederationMemberAsync(memberId)).Status);
    }

    [Fact]
    public async Task A_federation_admin_invites_an_editor_who_reads_the_federations_pages_but_cannot_onboard()
    {
        var (cuf, admin) = await CufWithAdminAsync();
        var email = MailDev.NewAddress("editor", "cuf.org");

        var response = await admin.SubmitFormAsync("/federations/cuf", new Dictionary<string, string?> { ["name"] = "Dominique Roux", ["email"] = email, ["role"] = Roles.FederationEditor }, "#invite-staff");

        AssertStatus(HttpStatusCode.Redirect, response);
        var mail = await MailDev.WaitForAsync(email);
        Assert.StartsWith($"{App.BaseAddress.ToString().TrimEnd('/')}/account/set-password?kind=invitation", MailDev.LinkIn(mail), StringComparison.Ordinal);
        Assert.Contains("Rédacteur de la fédération", (await admin.GetPageAsync("/federations/cuf")).QuerySelector("section[aria-labelledby=admins-title]")!.TextContent, StringComparison.Ordinal);
        var bad = await admin.SubmitFormAsync("/federations/cuf", new Dictionary<string, string?> { ["name"] = "X", ["email"] = "x@cuf.org", ["role"] = "platform-operator" }, "#invite-staff");
        AssertStatus(HttpStatusCode.Redirect, bad);
        Assert.Null(await Data.FindUserAsync("x@cuf.org"));
    }

    /// <summary>403, or the redirect to the 403 page that cookie sign-in answers for it.</summary>
    private static bool IsForbidden(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Forbidden || response.Headers.Location?.OriginalString.Contains("/error/403", StringComparison.Ordinal) == true;

    /// <summary>A valid antiforgery token for this client (bound to its cookie, not to a page).</summary>
    internal static async Task<string> AntiforgeryAsync(HttpClient client, string pageWithForm)
    {
        var page = await client.GetPageAsync(pageWithForm);
        return page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
    }
}
