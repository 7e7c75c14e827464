using System.Net;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Register.Domains;

/// <summary>The tenant's vocabulary of cooperation domains: add, rename, and delete only when unused.</summary>
public sealed class CooperationDomainsScreenTests(AppFixture app) : AppTest(app)
{
    private async Task<(TenantInfo Tenant, HttpClient Editor)> MarseilleWithEditorAsync()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        var editor = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await editor.SignInAsync("/marseille", "editor@marseille.fr"));
        return (marseille, editor);
    }

    private Task<List<CooperationDomain>> DomainsAsync(TenantInfo tenant) =>
        Data.InTenantAsync(tenant, db => db.Set<CooperationDomain>().AsNoTracking().ToListAsync());

    [Fact]
    public async Task Adding_a_domain_makes_a_unique_key_from_its_french_name()
    {
        var (marseille, editor) = await MarseilleWithEditorAsync();
        var before = (await DomainsAsync(marseille)).Count;
        var fields = new Dictionary<string, string?> { ["NameFr"] = "Économie sociale et solidaire", ["NameEn"] = "Social and solidarity economy" };

        AssertStatus(HttpStatusCode.Redirect, await editor.SubmitFormAsync("/marseille/admin/domains", fields, "#add-domain-form"));
        AssertStatus(HttpStatusCode.Redirect, await editor.SubmitFormAsync("/marseille/admin/domains", fields, "#add-domain-form"));

        var domains = await DomainsAsync(marseille);
        Assert.Equal(before + 2, domains.Count);
        Assert.Equal(["economie-sociale-et-solidaire", "economie-sociale-et-solidaire-2"],
            domains.Where(d => d.NameEn == "Social and solidarity economy").Select(d => d.Key).Order());
        var page = await editor.GetPageAsync("/marseille/admin/domains");
        Assert.Contains("Économie sociale et solidaire", page.QuerySelector(".alert-success")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renaming_keeps_the_key_and_empty_names_are_refused_next_to_the_fields()
    {
        var (marseille, editor) = await MarseilleWithEditorAsync();
        var water = (await DomainsAsync(marseille)).Single(d => d.Key == "water");

        var renamed = await editor.SubmitFormAsync("/marseille/admin/domains",
            new Dictionary<string, string?> { ["NameFr"] = "Eau et assainissement", ["NameEn"] = "Water and sanitation" }, $"#rename-{water.Id}");
        var refused = await editor.SubmitFormAsync("/marseille/admin/domains",
            new Dictionary<string, string?> { ["NameFr"] = "  ", ["NameEn"] = "Water" }, $"#rename-{water.Id}");

        AssertStatus(HttpStatusCode.Redirect, renamed);
        AssertStatus(HttpStatusCode.UnprocessableEntity, refused);
        var page = await Html.ParseAsync(refused);
        Assert.Equal("Indiquez le nom en français.", page.QuerySelector($"#NameFr-{water.Id}-error")!.TextContent.Trim());
        Assert.Equal("true", page.QuerySelector($"#NameFr-{water.Id}")!.GetAttribute("aria-invalid"));
        Assert.NotNull(page.QuerySelector($"#error-summary a[href='#NameFr-{water.Id}']"));
        var stored = (await DomainsAsync(marseille)).Single(d => d.Id == water.Id);
        Assert.Equal(("water", "Eau et assainissement", "Water and sanitation"), (stored.Key, stored.NameFr, stored.NameEn));
    }

    [Fact]
    public async Task A_domain_used_by_an_agreement_cannot_be_deleted_and_an_unused_one_can()
    {
        var (marseille, editor) = await MarseilleWithEditorAsync();
        await Data.AddAgreementInDomainAsync(marseille, "culture");
        var domains = await DomainsAsync(marseille);
        var culture = domains.Single(d => d.Key == "culture");
        var unused = domains.First(d => d.Key != "culture");

        var refused = await editor.SubmitFormAsync("/marseille/admin/domains", new Dictionary<string, string?>(), $"#delete-{culture.Id}");
        var deleted = await editor.SubmitFormAsync("/marseille/admin/domains", new Dictionary<string, string?>(), $"#delete-{unused.Id}");

        AssertStatus(HttpStatusCode.UnprocessableEntity, refused);
        var message = (await Html.ParseAsync(refused)).QuerySelector("#domain-problem")!.TextContent;
        Assert.Contains($"« {culture.NameFr} » est utilisé par 1 accord(s)", message, StringComparison.Ordinal);
        AssertStatus(HttpStatusCode.Redirect, deleted);
        var left = await DomainsAsync(marseille);
        Assert.Contains(left, d => d.Id == culture.Id);
        Assert.DoesNotContain(left, d => d.Id == unused.Id);
    }
}
