using System.Net;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Collectives;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Modules;

namespace TwinningCloud.Tests.Collectives;

/// <summary>Coordinators: staff or members by invitation; a member coordinator's area shows their collectives only.</summary>
public sealed class CoordinatorsTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task A_member_invited_by_staff_accepts_from_the_mail_coordinates_and_is_named_publicly_only_once_they_agree()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Massala");
        var email = MailDev.NewAddress("invited", "bagnolet.fr");
        var member = await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, email, "Awa Coordinatrice");
        await Data.CreateStaffAsync(bagnolet, "editor@bagnolet.fr", Roles.Editor);
        using var staff = App.CreateClient();
        await staff.SignInAsync("/bagnolet", "editor@bagnolet.fr");

        var invited = await staff.SubmitFormAsync($"/bagnolet/admin/collectives/{collective.Id}/members", new Dictionary<string, string?> { ["memberId"] = member.Id.ToString() }, "form[action*='handler=Invite']");
        AssertStatus(HttpStatusCode.Redirect, invited);
        var mail = await MailDev.WaitForAsync(email, m => m.Subject.Contains("Coordonner", StringComparison.Ordinal));
        var link = new Uri(MailDev.LinkIn(mail)).PathAndQuery;
        Assert.StartsWith("/bagnolet/collectives/coordinate/accept?t=", link, StringComparison.Ordinal);
        Assert.False(Assert.Single(await Data.CollectiveMembersAsync(bagnolet, collective.Id)).IsCoordinator); // following the link alone accepts nothing
        var members = await staff.GetStringAsync($"/bagnolet/admin/collectives/{collective.Id}/coordinators");
        Assert.Contains("invitation envoyée", members, StringComparison.Ordinal);

        using var citizen = App.CreateClient();
        AssertStatus(HttpStatusCode.OK, await citizen.GetAsync(link));
        var accepted = await citizen.SubmitFormAsync(link, new Dictionary<string, string?>());
        AssertStatus(HttpStatusCode.Redirect, accepted);
        Assert.Equal("/bagnolet/collectives/coordinate", accepted.Headers.Location!.OriginalString);
        var coordinator = Assert.Single(await Data.CollectiveMembersAsync(bagnolet, collective.Id));
        Assert.True(coordinator.IsCoordinator);
        Assert.False(coordinator.ShownAsCoordinator);
        var area = await citizen.GetPageAsync("/bagnolet/collectives/coordinate");
        Assert.Contains(area.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"/bagnolet/collectives/coordinate/{collective.Id}/members");
        using var anonymous = App.CreateClient();
        Assert.DoesNotContain("Awa Coordinatrice", await anonymous.GetStringAsync($"/bagnolet/collectives/{collective.Id}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await anonymous.GetAsync(link)).StatusCode); // used once

        var shown = await citizen.SubmitFormAsync("/bagnolet/collectives/coordinate", new Dictionary<string, string?> { ["shown"] = "true" }, "form[action*='handler=Shown']");
        AssertStatus(HttpStatusCode.Redirect, shown);
        Assert.Contains("Awa Coordinatrice", await anonymous.GetStringAsync($"/bagnolet/collectives/{collective.Id}"), StringComparison.Ordinal);

        var revoked = await staff.SubmitFormAsync($"/bagnolet/admin/collectives/{collective.Id}/coordinators", new Dictionary<string, string?>(), "form[action*='handler=Revoke']");
        AssertStatus(HttpStatusCode.Redirect, revoked);
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.GetAsync($"/bagnolet/collectives/coordinate/{collective.Id}/members")).StatusCode);
        Assert.DoesNotContain("Awa Coordinatrice", await anonymous.GetStringAsync($"/bagnolet/collectives/{collective.Id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_name_a_team_member_coordinator_who_shows_publicly_only_if_they_agreed()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Akbou");
        var elected = await Data.CreateStaffAsync(bagnolet, "elue@bagnolet.fr", Roles.Editor);
        var quiet = await Data.CreateStaffAsync(bagnolet, "discret@bagnolet.fr", Roles.Editor);
        using var staff = App.CreateClient();
        await staff.SignInAsync("/bagnolet", "elue@bagnolet.fr");
        var url = $"/bagnolet/admin/collectives/{collective.Id}/coordinators";

        AssertStatus(HttpStatusCode.Redirect, await staff.SubmitFormAsync(url, new Dictionary<string, string?> { ["userId"] = elected.Id.ToString(), ["shown"] = "true" }, "#add-staff-form"));
        AssertStatus(HttpStatusCode.Redirect, await staff.SubmitFormAsync(url, new Dictionary<string, string?> { ["userId"] = quiet.Id.ToString() }, "#add-staff-form"));
        var bad = await staff.SubmitFormAsync(url, new Dictionary<string, string?> { ["userId"] = Guid.NewGuid().ToString() }, "#add-staff-form");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);

        var page = await staff.GetPageAsync(url);
        Assert.Equal(2, page.QuerySelectorAll("#staff-coordinators li").Length);
        using var anonymous = App.CreateClient();
        var card = (await anonymous.GetPageAsync($"/bagnolet/collectives/{collective.Id}")).QuerySelector("dl.facts")!.TextContent;
        Assert.Contains("elue", card, StringComparison.Ordinal);
        Assert.DoesNotContain("discret", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_coordinator_manages_the_members_and_announcements_of_their_collective_and_gets_404_on_any_other()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var mine = await Data.AddCollectiveAsync(bagnolet, "Collectif Chatila", mode: SignUpMode.OnRequest, asked: AskedFields.Neighbourhood);
        var other = await Data.AddCollectiveAsync(bagnolet, "Collectif Oranienburg", mode: SignUpMode.OnRequest);
        var email = MailDev.NewAddress("coord", "bagnolet.fr");
        await Data.AddCoordinatorMemberAsync(bagnolet, mine.Id, email, "Coordinateur Chatila");
        await Data.AddCollectiveMemberAsync(bagnolet, other.Id, email, "Coordinateur Chatila"); // a plain member there
        var requester = await Data.AddCollectiveMemberAsync(bagnolet, mine.Id, MailDev.NewAddress("asks", "bagnolet.fr"), "Demandeuse Chatila", MemberStatus.Requested);
        var otherRequester = await Data.AddCollectiveMemberAsync(bagnolet, other.Id, "other-asks@bagnolet.test", "Demandeur Oranienburg", MemberStatus.Requested);
        using var coordinator = App.CreateClient();
        await TestData.CitizenSignInAsync(coordinator, "bagnolet", email);

        var area = await coordinator.GetPageAsync("/bagnolet/collectives/coordinate");
        Assert.Contains("Collectif Chatila", area.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Collectif Oranienburg", area.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var list = await coordinator.GetPageAsync($"/bagnolet/collectives/coordinate/{mine.Id}/members?status=Requested");
        Assert.Single(list.QuerySelectorAll("tbody tr"));
        Assert.Empty(list.QuerySelectorAll("form[action*='handler=Invite']")); // naming coordinators is the staff's
        var approved = await coordinator.SubmitFormAsync($"/bagnolet/collectives/coordinate/{mine.Id}/members", new Dictionary<string, string?> { ["memberId"] = requester.Id.ToString() }, "form[action*='handler=Approve']");
        AssertStatus(HttpStatusCode.Redirect, approved);
        Assert.Equal(MemberStatus.Member, (await Data.CollectiveMembersAsync(bagnolet, mine.Id)).Single(m => m.Id == requester.Id).Status);
        var csv = await coordinator.GetStringAsync($"/bagnolet/collectives/coordinate/{mine.Id}/members?handler=Csv");
        Assert.Contains("neighbourhood", csv, StringComparison.Ordinal);
        Assert.Contains("Demandeuse Chatila", csv, StringComparison.Ordinal);
        var announcements = $"/bagnolet/collectives/coordinate/{mine.Id}/announcements";
        var token = (await coordinator.GetPageAsync(announcements)).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var sent = await coordinator.PostAsync(announcements + "?handler=Send", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Subject"] = "Réunion", ["Body"] = "Jeudi **18 h**.",
        }));
        AssertStatus(HttpStatusCode.Redirect, sent);
        await MailDev.WaitForAsync(requester.Email, m => m.Subject.Contains("Réunion", StringComparison.Ordinal));

        foreach (var page in new[] { "members", "members?handler=Csv", "announcements", "questions" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/bagnolet/collectives/coordinate/{other.Id}/{page}")).StatusCode);
        }
        // A post with this coordinator's valid form token, aimed at the other collective's member, is a 404 too.
        var foreign = await coordinator.PostAsync($"/bagnolet/collectives/coordinate/{other.Id}/members?handler=Approve", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["memberId"] = otherRequester.Id.ToString(), ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(MemberStatus.Requested, (await Data.CollectiveMembersAsync(bagnolet, other.Id)).Single(m => m.Id == otherRequester.Id).Status);
        // Neither a member without the flag nor someone without a session reaches the area of a collective.
        using var anonymous = App.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/bagnolet/collectives/coordinate/{mine.Id}/members")).StatusCode);
        using var plain = App.CreateClient();
        await TestData.CitizenSignInAsync(plain, "bagnolet", requester.Email);
        Assert.Equal(HttpStatusCode.NotFound, (await plain.GetAsync($"/bagnolet/collectives/coordinate/{mine.Id}/members")).StatusCode);
    }

    [Fact]
    public async Task A_coordinators_invitation_and_session_are_worth_nothing_in_another_town()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var montreuil = await Data.CreateCollectivesTownAsync("montreuil");
        var here = await Data.AddCollectiveAsync(bagnolet, "Collectif Le Robert");
        var there = await Data.AddCollectiveAsync(montreuil, "Collectif de Montreuil");
        var email = MailDev.NewAddress("twotowns", "bagnolet.fr");
        var member = await Data.AddCollectiveMemberAsync(bagnolet, here.Id, email, "Deux Villes");
        await Data.AddCoordinatorMemberAsync(montreuil, there.Id, email, "Deux Villes");
        await Data.CreateStaffAsync(bagnolet, "admin@bagnolet.fr", Roles.TenantAdmin);
        using var staff = App.CreateClient();
        await staff.SignInAsync("/bagnolet", "admin@bagnolet.fr");
        AssertStatus(HttpStatusCode.Redirect, await staff.SubmitFormAsync($"/bagnolet/admin/collectives/{here.Id}/members", new Dictionary<string, string?> { ["memberId"] = member.Id.ToString() }, "form[action*='handler=Invite']"));
        var link = new Uri(MailDev.LinkIn(await MailDev.WaitForAsync(email, m => m.Subject.Contains("Coordonner", StringComparison.Ordinal)))).PathAndQuery;

        using var citizen = App.CreateClient();
        var elsewhere = link.Replace("/bagnolet/", "/montreuil/", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await citizen.GetAsync(elsewhere)).StatusCode);
        AssertStatus(HttpStatusCode.Redirect, await citizen.SubmitFormAsync(link, new Dictionary<string, string?>()));
        AssertStatus(HttpStatusCode.OK, await citizen.GetAsync($"/bagnolet/collectives/coordinate/{here.Id}/members"));
        // Bagnolet's session opens nothing at Montreuil, where the same address coordinates a collective; nor does Montreuil's id at Bagnolet.
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.GetAsync($"/montreuil/collectives/coordinate/{there.Id}/members")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.GetAsync($"/bagnolet/collectives/coordinate/{there.Id}/members")).StatusCode);
        Assert.DoesNotContain("Collectif de Montreuil", await citizen.GetStringAsync("/montreuil/collectives/coordinate"), StringComparison.Ordinal);
        // The staff of Bagnolet get 404 on Montreuil's collective in their own area too.
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/bagnolet/admin/collectives/{there.Id}/coordinators")).StatusCode);
    }

    [Fact]
    public async Task The_twinnings_list_links_to_the_partner_cities_collectives_only_while_the_module_is_on()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var city = await Data.AddPartnerCityAsync(bagnolet, "Sesto Fiorentino");
        var lonely = await Data.AddPartnerCityAsync(bagnolet, "Oranienburg", "DE");
        await Data.AddAgreementAsync(bagnolet, "Jumelage Bagnolet–Sesto Fiorentino", [city.Id]);
        await Data.AddAgreementAsync(bagnolet, "Jumelage Bagnolet–Oranienburg", [lonely.Id]);
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Sesto Fiorentino", cityId: city.Id);
        using var anonymous = App.CreateClient();

        var page = await anonymous.GetPageAsync("/bagnolet/twinnings");
        var section = page.QuerySelector("#twinnings-collectives");
        Assert.NotNull(section);
        var links = section.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains($"/bagnolet/collectives/{collective.Id}", links);
        Assert.Contains($"/bagnolet/partner-cities/{city.Slug}", links);
        Assert.DoesNotContain($"/bagnolet/partner-cities/{lonely.Slug}", links); // no collective there

        await Data.SetModuleAsync(bagnolet, ModuleKeys.Collectives, on: false);
        var off = await anonymous.GetPageAsync("/bagnolet/twinnings");
        Assert.Null(off.QuerySelector("#twinnings-collectives"));
        Assert.DoesNotContain(off.QuerySelectorAll("a"), a => a.GetAttribute("href")?.Contains("/collectives", StringComparison.Ordinal) == true);
        // The pages of coordinators and questions are gone with the module too.
        await Data.CreateStaffAsync(bagnolet, "admin@bagnolet.fr", Roles.TenantAdmin);
        using var staff = App.CreateClient();
        await staff.SignInAsync("/bagnolet", "admin@bagnolet.fr");
        foreach (var url in new[]
        {
            "/bagnolet/collectives/coordinate", "/bagnolet/collectives/coordinate/accept?t=x", $"/bagnolet/collectives/coordinate/{collective.Id}/members",
            $"/bagnolet/collectives/coordinate/{collective.Id}/questions", $"/bagnolet/collectives/{collective.Id}/exchange",
            $"/bagnolet/admin/collectives/{collective.Id}/coordinators", $"/bagnolet/admin/collectives/{collective.Id}/questions",
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync(url)).StatusCode);
        }
    }
}
