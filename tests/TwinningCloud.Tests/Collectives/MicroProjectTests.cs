using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Collectives;
using TwinningCloud.Web.Features.Collectives.MicroProjects;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Collectives;

/// <summary>Micro-projects: staff manage them, the public page lists the open ones, members volunteer and withdraw, staff see who; isolation.</summary>
public sealed class MicroProjectTests(AppFixture app) : AppTest(app)
{
    /// <summary>Signs a member in to "My collectives" with the link of the real mail: the client then holds the session cookie.</summary>
    private static async Task SignInAsync(HttpClient client, string town, string email)
    {
        AssertStatus(HttpStatusCode.Redirect, await client.SubmitFormAsync($"/{town}/collectives/mine", new Dictionary<string, string?> { ["email"] = email }));
        var mail = await MailDev.WaitForAsync(email, m => m.Subject.Contains("connexion", StringComparison.Ordinal));
        AssertStatus(HttpStatusCode.Redirect, await client.SubmitFormAsync(new Uri(MailDev.LinkIn(mail)).PathAndQuery, new Dictionary<string, string?>()));
    }

    private Task<List<MicroProjectVolunteer>> VolunteersAsync(TenantInfo tenant) =>
        Data.InTenantAsync(tenant, db => db.Set<MicroProjectVolunteer>().AsNoTracking().ToListAsync());

    [Fact]
    public async Task Staff_add_projects_the_public_page_lists_the_open_ones_members_volunteer_and_withdraw_and_staff_see_who()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Oranienburg");
        var email = MailDev.NewAddress("volunteer", "bagnolet.fr");
        var member = await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, email, "Inès Volontaire");
        await Data.CreateStaffAsync(bagnolet, "editor@bagnolet.fr", Roles.Editor);
        using var staff = App.CreateClient();
        await staff.SignInAsync("/bagnolet", "editor@bagnolet.fr");
        var url = $"/bagnolet/admin/collectives/{collective.Id}/projects";

        var bad = await staff.SubmitFormAsync(url, new Dictionary<string, string?> { ["Form.Title"] = " ", ["Form.VolunteersWanted"] = "beaucoup" }, "#project-form");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal(["Title-error", "VolunteersWanted-error"], (await Html.ParseAsync(bad)).QuerySelectorAll(".field-error").Select(e => e.Id).ToList());
        AssertStatus(HttpStatusCode.Redirect, await staff.SubmitFormAsync(url, new Dictionary<string, string?>
        {
            ["Form.Title"] = "Jardin partagé", ["Form.Description"] = "Planter avec les jeunes d'Oranienburg.", ["Form.Status"] = "Open", ["Form.VolunteersWanted"] = "3",
        }, "#project-form"));
        AssertStatus(HttpStatusCode.Redirect, await staff.SubmitFormAsync(url, new Dictionary<string, string?>
        {
            ["Form.Title"] = "Exposition photo", ["Form.Status"] = "InProgress",
        }, "#project-form"));
        var projects = await Data.InTenantAsync(bagnolet, db => db.Set<MicroProject>().AsNoTracking().ToListAsync());
        var garden = projects.Single(p => p.Title == "Jardin partagé");
        var exhibition = projects.Single(p => p.Title == "Exposition photo");
        Assert.Equal(3, garden.VolunteersWanted);

        // The public page: open projects only, no button without a session.
        using var citizen = App.CreateClient();
        var publicPage = await citizen.GetPageAsync($"/bagnolet/collectives/{collective.Id}");
        var listed = publicPage.QuerySelectorAll(".project-title").Select(p => p.TextContent.Trim()).ToList();
        Assert.Equal(["Jardin partagé"], listed);
        Assert.Null(publicPage.QuerySelector($"#volunteer-{garden.Id:N}"));

        // Signed in: volunteer from "My collectives" (twice is harmless), then withdraw from the public page.
        await SignInAsync(citizen, "bagnolet", email);
        var key = garden.Id.ToString("N");
        AssertStatus(HttpStatusCode.Redirect, await citizen.SubmitFormAsync("/bagnolet/collectives/mine", new Dictionary<string, string?>(), $"form:has(#volunteer-{key})"));
        var mine = await citizen.GetPageAsync("/bagnolet/collectives/mine");
        Assert.Equal("Merci : vous êtes volontaire.", mine.QuerySelector("#notice")!.TextContent.Trim());
        Assert.NotNull(mine.QuerySelector($"#withdraw-{key}"));
        var token = mine.QuerySelector($"form:has(#withdraw-{key}) input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        AssertStatus(HttpStatusCode.Redirect, await citizen.PostAsync("/bagnolet/collectives/projects/volunteer", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["projectId"] = garden.Id.ToString(), ["back"] = "mine",
        })));
        Assert.Single(await VolunteersAsync(bagnolet));
        // A project in progress takes no volunteer.
        AssertStatus(HttpStatusCode.Redirect, await citizen.PostAsync("/bagnolet/collectives/projects/volunteer", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["projectId"] = exhibition.Id.ToString(), ["back"] = "mine",
        })));
        Assert.Equal("Ce micro-projet ne cherche plus de volontaires.", (await citizen.GetPageAsync("/bagnolet/collectives/mine")).QuerySelector("#notice")!.TextContent.Trim());
        Assert.Equal(garden.Id, Assert.Single(await VolunteersAsync(bagnolet)).ProjectId);

        var edit = await staff.GetPageAsync($"/bagnolet/admin/collectives/projects/{garden.Id}");
        Assert.Equal("1 volontaire", edit.QuerySelector("#volunteer-count")!.TextContent.Trim());
        Assert.Contains("Inès Volontaire", edit.QuerySelector("#volunteers")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(email, edit.QuerySelector("#volunteers")!.TextContent, StringComparison.Ordinal);
        var list = await staff.GetPageAsync(url);
        Assert.Contains(list.QuerySelectorAll("#projects-table tbody tr"), tr => tr.TextContent.Contains("Jardin partagé", StringComparison.Ordinal) && tr.QuerySelectorAll("td")[3].TextContent.Trim() == "1");

        var export = System.Text.Encoding.UTF8.GetString(await App.Services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(bagnolet, sp =>
            sp.GetRequiredService<CitizenSelfService>().ExportAsync(email, CancellationToken.None)));
        Assert.Contains("\"project\": \"Jardin partagé\"", export, StringComparison.Ordinal);

        var withPublic = await citizen.GetPageAsync($"/bagnolet/collectives/{collective.Id}");
        Assert.NotNull(withPublic.QuerySelector($"#withdraw-{key}"));
        AssertStatus(HttpStatusCode.Redirect, await citizen.SubmitFormAsync($"/bagnolet/collectives/{collective.Id}", new Dictionary<string, string?>(), $"form:has(#withdraw-{key})"));
        Assert.Empty(await VolunteersAsync(bagnolet));

        // Volunteer again, then erase: the row goes with the member.
        AssertStatus(HttpStatusCode.Redirect, await citizen.SubmitFormAsync($"/bagnolet/collectives/{collective.Id}", new Dictionary<string, string?>(), $"form:has(#volunteer-{key})"));
        Assert.Single(await VolunteersAsync(bagnolet));
        await App.Services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(bagnolet, async sp =>
        {
            await sp.GetRequiredService<CitizenSelfService>().EraseAsync(email, CancellationToken.None);
            return true;
        });
        Assert.Empty(await VolunteersAsync(bagnolet));
        _ = member;

        // Staff delete a project.
        AssertStatus(HttpStatusCode.Redirect, await staff.SubmitFormAsync($"/bagnolet/admin/collectives/projects/{exhibition.Id}", new Dictionary<string, string?>(), "form:has(#delete-button)"));
        Assert.Single(await Data.InTenantAsync(bagnolet, db => db.Set<MicroProject>().AsNoTracking().ToListAsync()));
    }

    [Fact]
    public async Task Another_towns_project_ids_answer_404_to_staff_and_to_a_signed_in_citizen_and_without_a_session_nothing_changes()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var montreuil = await Data.CreateCollectivesTownAsync("montreuil");
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Sesto Fiorentino");
        var project = await Data.InTenantAsync(bagnolet, async db =>
        {
            var p = new MicroProject { CollectiveId = collective.Id, Title = "Secret project" };
            db.Add(p);
            await db.SaveChangesAsync();
            return p;
        });
        var local = await Data.AddCollectiveAsync(montreuil, "Collectif Montreuil");
        var email = MailDev.NewAddress("other", "montreuil.fr");
        await Data.AddCollectiveMemberAsync(montreuil, local.Id, email, "Other Town");
        await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, email, "Same Person In Bagnolet");
        await Data.CreateStaffAsync(montreuil, "admin@montreuil.fr", Roles.TenantAdmin);
        using var staff = App.CreateClient();
        await staff.SignInAsync("/montreuil", "admin@montreuil.fr");
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/montreuil/admin/collectives/projects/{project.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/montreuil/admin/collectives/{collective.Id}/projects")).StatusCode);

        using var citizen = App.CreateClient();
        var anonymousPage = await citizen.GetPageAsync("/montreuil/collectives/projects/volunteer");
        var anonymousToken = anonymousPage.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");
        if (anonymousToken is not null)
        {
            var noSession = await citizen.PostAsync("/montreuil/collectives/projects/volunteer", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = anonymousToken, ["projectId"] = project.Id.ToString(),
            }));
            Assert.Equal(HttpStatusCode.Unauthorized, noSession.StatusCode);
        }
        await SignInAsync(citizen, "montreuil", email);
        var mine = await citizen.GetPageAsync("/montreuil/collectives/mine");
        var token = mine.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var foreign = await citizen.PostAsync("/montreuil/collectives/projects/volunteer", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["projectId"] = project.Id.ToString(),
        }));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Empty(await VolunteersAsync(bagnolet));
    }
}
