using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Collectives;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Collectives;

/// <summary>Staff pages (create, members, approve, CSV) and a town without the module (no trace, data kept).</summary>
public sealed class StaffAndModuleTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task Staff_create_a_collective_that_the_public_list_and_the_partner_city_page_then_show()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var city = await Data.AddPartnerCityAsync(bagnolet, "Sesto Fiorentino");
        await Data.CreateStaffAsync(bagnolet, "editor@bagnolet.fr", Roles.Editor);
        using var staff = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await staff.SignInAsync("/bagnolet", "editor@bagnolet.fr"));

        var bad = await staff.SubmitFormAsync("/bagnolet/admin/collectives/edit", new Dictionary<string, string?> { ["Form.Name"] = "", ["Form.Capacity"] = "zero" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var badPage = await Html.ParseAsync(bad);
        Assert.NotNull(badPage.QuerySelector("#Name-error"));
        Assert.NotNull(badPage.QuerySelector("#Capacity-error"));

        var created = await staff.SubmitFormAsync("/bagnolet/admin/collectives/edit", new Dictionary<string, string?>
        {
            ["Form.Name"] = "Collectif Sesto", ["Form.NameOther"] = "Sesto collective", ["Form.PartnerCityId"] = city.Id.ToString(),
            ["Form.SignUpMode"] = "OnRequest", ["Form.Capacity"] = "30", ["Form.Asked"] = "Phone|HowToHelp",
        });
        AssertStatus(HttpStatusCode.Redirect, created);

        using var anonymous = App.CreateClient();
        var list = await anonymous.GetStringAsync("/bagnolet/collectives");
        Assert.Contains("Collectif Sesto", list, StringComparison.Ordinal);
        var cityPage = await anonymous.GetPageAsync($"/bagnolet/partner-cities/{city.Slug}");
        Assert.Contains("Collectif Sesto", cityPage.QuerySelector("#city-collectives-title")!.ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Sesto collective", await anonymous.GetStringAsync("/bagnolet/collectives?lang=en"), StringComparison.Ordinal);
        var menu = await anonymous.GetPageAsync("/bagnolet/");
        Assert.Contains(menu.QuerySelectorAll("nav.main-nav a"), a => a.GetAttribute("href") == "/bagnolet/collectives");
    }

    [Fact]
    public async Task Staff_approve_a_request_search_the_members_and_export_only_consented_fields_without_formulas()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Chatila", mode: SignUpMode.OnRequest, asked: AskedFields.Neighbourhood);
        var requester = await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, MailDev.NewAddress("req", "bagnolet.fr"), "=HYPERLINK(\"http://evil\")", MemberStatus.Requested);
        await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, "other@bagnolet.test", "Other Member");
        await Data.InTenantAsync(bagnolet, async db =>
        {
            var m = await db.Set<CollectiveMember>().FindAsync(bagnolet.Id, requester.Id);
            m!.Phone = "0102030405"; // not asked by the collective: never exported
            m.Neighbourhood = "La Noue";
            await db.SaveChangesAsync();
            return true;
        });
        await Data.CreateStaffAsync(bagnolet, "editor@bagnolet.fr", Roles.Editor);
        using var staff = App.CreateClient();
        await staff.SignInAsync("/bagnolet", "editor@bagnolet.fr");

        var found = await staff.GetPageAsync($"/bagnolet/admin/collectives/{collective.Id}/members?q=hyperlink&status=Requested");
        Assert.Single(found.QuerySelectorAll("tbody tr"));
        var approved = await staff.SubmitFormAsync($"/bagnolet/admin/collectives/{collective.Id}/members", new Dictionary<string, string?> { ["memberId"] = requester.Id.ToString() }, "form[action*='handler=Approve']");
        AssertStatus(HttpStatusCode.Redirect, approved);
        Assert.Equal(MemberStatus.Member, (await Data.CollectiveMembersAsync(bagnolet, collective.Id)).Single(m => m.Id == requester.Id).Status);
        await MailDev.WaitForAsync(requester.Email, m => m.Subject.Contains("Demande acceptée", StringComparison.Ordinal));

        var csv = await staff.GetStringAsync($"/bagnolet/admin/collectives/{collective.Id}/members?handler=Csv");
        Assert.Contains("neighbourhood", csv, StringComparison.Ordinal);
        Assert.Contains("La Noue", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("0102030405", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("phone", csv, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_module_off_every_collectives_route_is_404_no_menu_entry_no_mail_and_the_data_is_back_when_on()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Akbou");
        await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, "kept@bagnolet.test", "Kept Member");
        await Data.CreateStaffAsync(bagnolet, "admin@bagnolet.fr", Roles.TenantAdmin);
        bagnolet = await Data.SetModuleAsync(bagnolet, ModuleKeys.Collectives, on: false);
        using var staff = App.CreateClient();
        await staff.SignInAsync("/bagnolet", "admin@bagnolet.fr");
        using var anonymous = App.CreateClient();

        foreach (var url in new[]
        {
            "/bagnolet/collectives", $"/bagnolet/collectives/{collective.Id}", "/bagnolet/collectives/mine", "/bagnolet/collectives/confirm?t=x",
            "/bagnolet/collectives/unsubscribe?t=x", "/bagnolet/admin/collectives", $"/bagnolet/admin/collectives/edit/{collective.Id}",
            $"/bagnolet/admin/collectives/{collective.Id}/members", $"/bagnolet/admin/collectives/{collective.Id}/announcements",
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync(url)).StatusCode);
        }
        var home = await staff.GetPageAsync("/bagnolet/");
        Assert.DoesNotContain(home.QuerySelectorAll("a"), a => a.GetAttribute("href")?.Contains("collectives", StringComparison.Ordinal) == true);
        var dashboard = await staff.GetStringAsync("/bagnolet/admin");
        Assert.DoesNotContain("/admin/collectives", dashboard, StringComparison.Ordinal);

        // A mail job still queued when the module went off sends nothing.
        var unconfirmed = await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, MailDev.NewAddress("off", "bagnolet.fr"), "No Mail", MemberStatus.Unconfirmed);
        await App.Services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(bagnolet, sp =>
            sp.GetRequiredService<JobQueue>().EnqueueAsync(CollectiveMail.Request(CollectiveMail.Confirm, unconfirmed.Id)));
        var jobId = await Data.InTenantAsync(bagnolet, db => db.Jobs.Where(j => j.Kind == CollectiveMail.Kind).Select(j => j.Id).SingleAsync());
        await Data.WaitForJobAsync(jobId, JobState.Succeeded);
        Assert.DoesNotContain(await MailDev.AllAsync(), m => m.To.Any(t => t.Email == unconfirmed.Email));

        bagnolet = await Data.SetModuleAsync(bagnolet, ModuleKeys.Collectives, on: true);
        var back = await staff.GetStringAsync($"/bagnolet/admin/collectives/{collective.Id}/members");
        Assert.Contains("Kept Member", back, StringComparison.Ordinal);
    }
}
