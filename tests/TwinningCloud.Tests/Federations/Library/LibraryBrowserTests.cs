using Microsoft.Playwright;
using TwinningCloud.Tests.Browser;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Modules;
using static Microsoft.Playwright.Assertions;

namespace TwinningCloud.Tests.Federations.Library;

/// <summary>
/// In Chromium: a CUF admin reaches the library from the federation's page, uploads a members-only document (a refused
/// file first: the error summary names the field), writes a call for projects; a member town's editor finds both on their
/// town's side. axe-core on every page of the library and calls, French and English, wide and narrow.
/// </summary>
[Trait("Category", TestCategories.Browser)]
public sealed class LibraryBrowserTests(AppFixture app, BrowserFixture browser) : BrowserTest(app, browser)
{
    [Fact]
    public async Task A_federation_admin_uploads_a_document_and_writes_a_call_that_a_member_towns_editor_then_reads()
    {
        var cuf = await Data.CreateFederationAsync("cuf", "Cités Unies France");
        await Data.CreateFederationStaffAsync(cuf, "admin@cuf.org");
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille", modules: [ModuleKeys.Agreements]);
        await Data.AddFederationMemberAsync(cuf, marseille);
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        await Data.AddFederationDocumentAsync(cuf, "Rapport public 2025", isPublic: true);
        var violations = new List<string>();
        var folder = Directory.CreateTempSubdirectory("library-").FullName;
        var renamed = Path.Combine(folder, "programme.pdf");
        await File.WriteAllTextAsync(renamed, "#!/bin/sh\necho not a pdf\n");
        var minutes = Path.Combine(folder, "compte-rendu.pdf");
        await File.WriteAllBytesAsync(minutes, "%PDF-1.7\n% minutes of the board\n"u8.ToArray());

        await using var federationContext = await NewContextAsync();
        var fed = await federationContext.NewPageAsync();
        await fed.GotoAsync("/sign-in");
        await fed.GetByLabel("Adresse électronique").FillAsync("admin@cuf.org");
        await fed.GetByLabel("Mot de passe").FillAsync(TestUsers.StaffPassword);
        await fed.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await fed.GetByRole(AriaRole.Link, new() { Name = "Bibliothèque de documents" }).ClickAsync();
        await Expect(fed.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Bibliothèque de documents — Cités Unies France");

        await fed.GetByLabel("Titre").FillAsync("Compte rendu du bureau");
        await fed.GetByLabel("Catégorie", new() { Exact = true }).First.SelectOptionAsync("Minutes");
        await fed.GetByLabel("Fichier").SetInputFilesAsync(renamed);
        await fed.GetByRole(AriaRole.Button, new() { Name = "Ajouter le document" }).ClickAsync();
        await Expect(fed.Locator("#error-summary")).ToContainTextAsync("Ce type de fichier n'est pas accepté");
        await Expect(fed.Locator("#Title")).ToHaveValueAsync("Compte rendu du bureau"); // nothing typed is lost
        violations.AddRange(await Axe.CheckAsync(fed, "current", "fr"));
        await fed.GetByLabel("Fichier").SetInputFilesAsync(minutes);
        await fed.GetByLabel("Les membres seulement (l'équipe des villes membres)").CheckAsync();
        await fed.GetByRole(AriaRole.Button, new() { Name = "Ajouter le document" }).ClickAsync();
        await Expect(fed.Locator(".alert-success")).ToHaveTextAsync("Le document est ajouté.");
        await Expect(fed.Locator("#documents-table")).ToContainTextAsync("Compte rendu du bureau");
        await Expect(fed.Locator("#documents-table tr", new() { HasText = "Compte rendu du bureau" })).ToContainTextAsync("Membres seulement");

        await fed.GetByRole(AriaRole.Link, new() { Name = "Appels à projets" }).First.ClickAsync();
        await fed.GetByRole(AriaRole.Link, new() { Name = "Nouvel appel à projets" }).ClickAsync();
        await fed.GetByLabel("Titre").FillAsync("Jeunesse en Méditerranée");
        await fed.GetByLabel("Date limite (jour)").FillAsync(DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await fed.GetByLabel("Heure limite").FillAsync("18:00");
        await fed.GetByLabel("Texte de l'appel").FillAsync("Des échanges de **jeunes** entre villes membres.");
        await fed.GetByRole(AriaRole.Button, new() { Name = "Publier l'appel" }).ClickAsync();
        await Expect(fed.Locator(".alert-success")).ToContainTextAsync("L'appel à projets est publié");
        await Expect(fed.Locator("tr", new() { HasText = "Jeunesse en Méditerranée" })).ToContainTextAsync("18:00 (Europe/Paris");

        await using var townContext = await NewContextAsync();
        var town = await townContext.NewPageAsync();
        await town.GotoAsync("/marseille/sign-in");
        await town.GetByLabel("Adresse électronique").FillAsync("editor@marseille.fr");
        await town.GetByLabel("Mot de passe").FillAsync(TestUsers.StaffPassword);
        await town.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await town.GotoAsync("/marseille/admin/federations/library");
        await Expect(town.Locator("article.call-card")).ToContainTextAsync("Jeunesse en Méditerranée");
        await Expect(town.Locator(".library-list li", new() { HasText = "Compte rendu du bureau" })).ToContainTextAsync("Membres seulement");
        await Expect(town.Locator(".library-list li", new() { HasText = "Rapport public 2025" })).ToHaveCountAsync(1);
        var download = await town.RunAndWaitForDownloadAsync(() => town.GetByRole(AriaRole.Link, new() { Name = "Compte rendu du bureau" }).ClickAsync());
        Assert.Equal("compte-rendu.pdf", download.SuggestedFilename);

        violations.AddRange(await Axe.EverywhereAsync(fed, "/federations/cuf/library", "/federations/cuf/calls", "/federations/cuf/calls/edit",
            "/federations/cuf/documents", "/federations/cuf/calls-for-projects"));
        violations.AddRange(await Axe.EverywhereAsync(town, "/marseille/admin/federations/library"));
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }
}
