using System.Net;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Federations;
using TwinningCloud.Web.Features.Federations.Portal.Documents;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Modules;

namespace TwinningCloud.Tests.Federations.Library;

/// <summary>
/// The federation's document library: uploads checked for size, type (by content) and count; public documents on the
/// portal for anyone; members-only documents for the staff of accepted member towns only, from their town's side;
/// another federation, a town that is not (yet) a member and anonymous visitors get nothing.
/// </summary>
public sealed class LibraryTests(AppFixture app) : AppTest(app)
{
    private static Task<HttpResponseMessage> UploadAsync(HttpClient admin, string title, string visibility, string fileName, byte[] content, string category = "Reports") =>
        admin.SubmitFormAsync("/federations/cuf/library", new Dictionary<string, string?>
        {
            ["Form.Title"] = title, ["Form.Category"] = category, ["Form.Visibility"] = visibility,
        }, "#upload-form", files: [("file", fileName, content, "application/octet-stream")]);

    [Fact]
    public async Task Uploads_are_checked_and_members_only_documents_reach_only_the_staff_of_accepted_member_towns()
    {
        var cuf = await Data.CreateFederationAsync("cuf", "Cités Unies France");
        var afccre = await Data.CreateFederationAsync("afccre", "AFCCRE");
        await Data.CreateFederationStaffAsync(cuf, "admin@cuf.org");
        await Data.CreateFederationStaffAsync(cuf, "editor@cuf.org", Roles.FederationEditor);
        await Data.CreateFederationStaffAsync(afccre, "admin@afccre.org");
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille", modules: [ModuleKeys.Agreements]);
        var bagnolet = await Data.CreateTenantAsync("bagnolet", "Ville de Bagnolet", modules: [ModuleKeys.Agreements]);
        await Data.AddFederationMemberAsync(cuf, marseille);
        await Data.AddFederationMemberAsync(cuf, bagnolet, MemberStatus.Invited); // invited, not a member yet
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        await Data.CreateStaffAsync(bagnolet, "admin@bagnolet.fr", Roles.TenantAdmin);
        using var admin = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await admin.SignInAsync("", "admin@cuf.org"));

        // Good uploads: a public PDF and a members-only Word file (recognised by what is inside, not by the name).
        AssertStatus(HttpStatusCode.Redirect, await UploadAsync(admin, "Rapport annuel 2025", "public", "rapport.pdf", "%PDF-1.7\n% annual report"u8.ToArray()));
        AssertStatus(HttpStatusCode.Redirect, await UploadAsync(admin, "Note interne aux membres", "members", "note.docx", TestData.MinimalDocx(), "Minutes"));

        // Refused uploads say why, next to the field, and store nothing.
        var renamed = await UploadAsync(admin, "Programme", "public", "programme.pdf", "MZ\x90\0 an executable"u8.ToArray());
        AssertStatus(HttpStatusCode.UnprocessableEntity, renamed);
        var page = await Html.ParseAsync(renamed);
        Assert.Equal("Ce type de fichier n'est pas accepté : PDF, PNG, JPEG, Word, Excel, PowerPoint ou OpenDocument seulement.", page.QuerySelector("#File-error")!.TextContent);
        Assert.Equal("Programme", ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("#Title")!).Value); // nothing typed is lost
        var zipOfSomethingElse = await UploadAsync(admin, "Archive", "public", "archive.docx", ZipWith("readme.txt"));
        Assert.Equal("Ce type de fichier n'est pas accepté : PDF, PNG, JPEG, Word, Excel, PowerPoint ou OpenDocument seulement.", (await Html.ParseAsync(zipOfSomethingElse)).QuerySelector("#File-error")!.TextContent);
        var tooLarge = new byte[FederationDocument.MaxBytes + 1];
        "%PDF-1.7"u8.CopyTo(tooLarge);
        var large = await UploadAsync(admin, "Trop gros", "public", "gros.pdf", tooLarge);
        AssertStatus(HttpStatusCode.UnprocessableEntity, large);
        Assert.Equal("Le fichier dépasse 20 Mo.", (await Html.ParseAsync(large)).QuerySelector("#File-error")!.TextContent);
        var untitled = await UploadAsync(admin, "  ", "public", "ok.pdf", "%PDF-1.7"u8.ToArray());
        Assert.Equal("Indiquez un titre (200 caractères au plus).", (await Html.ParseAsync(untitled)).QuerySelector("#Title-error")!.TextContent);
        var documents = await Data.FederationDocumentsAsync(cuf);
        Assert.Equal(["Note interne aux membres", "Rapport annuel 2025"], documents.Select(d => d.Title).Order(StringComparer.Ordinal));
        var report = documents.Single(d => d.IsPublic);
        var note = documents.Single(d => !d.IsPublic);
        Assert.Equal((DocumentTypes.Pdf, DocumentTypes.Docx), (report.ContentType, note.ContentType));

        // Anyone: the portal lists and serves the public document only.
        using var anonymous = App.CreateClient();
        var portal = await ReadAsync(await anonymous.GetAsync("/federations/cuf/documents"));
        Assert.Contains("Rapport annuel 2025", portal, StringComparison.Ordinal);
        Assert.DoesNotContain("Note interne aux membres", portal, StringComparison.Ordinal);
        var download = await anonymous.GetAsync($"/federations/cuf/documents/{report.Id}");
        AssertStatus(HttpStatusCode.OK, download);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        AssertStatus(HttpStatusCode.NotFound, await anonymous.GetAsync($"/federations/cuf/documents/{note.Id}"));
        AssertStatus(HttpStatusCode.NotFound, await anonymous.GetAsync($"/federations/afccre/documents/{report.Id}")); // another federation's address
        // The federation's own staff are held to the public rule on the portal too: members-only is not public.
        AssertStatus(HttpStatusCode.NotFound, await admin.GetAsync($"/federations/cuf/documents/{note.Id}"));

        // A member town's staff (an editor) see both, on their town's side, and download the members-only one.
        using var editor = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await editor.SignInAsync("/marseille", "editor@marseille.fr"));
        var members = await ReadAsync(await editor.GetAsync("/marseille/admin/federations/library"));
        Assert.Contains("Rapport annuel 2025", members, StringComparison.Ordinal);
        Assert.Contains("Note interne aux membres", members, StringComparison.Ordinal);
        var memberDownload = await editor.GetAsync($"/marseille/admin/federations/library/{note.Id}");
        AssertStatus(HttpStatusCode.OK, memberDownload);
        Assert.Equal(DocumentTypes.Docx, memberDownload.Content.Headers.ContentType!.MediaType);
        Assert.Equal(TestData.MinimalDocx().Length, (await memberDownload.Content.ReadAsByteArrayAsync()).Length);

        // A town invited but not a member: nothing, and the ids answer 404.
        using var bagnoletAdmin = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await bagnoletAdmin.SignInAsync("/bagnolet", "admin@bagnolet.fr"));
        var outside = (await bagnoletAdmin.GetPageAsync("/bagnolet/admin/federations/library")).Body!.TextContent;
        Assert.DoesNotContain("Note interne aux membres", outside, StringComparison.Ordinal);
        Assert.Contains("La ville n'est membre d'aucune fédération pour l'instant.", outside, StringComparison.Ordinal);
        AssertStatus(HttpStatusCode.NotFound, await bagnoletAdmin.GetAsync($"/bagnolet/admin/federations/library/{note.Id}"));
        AssertStatus(HttpStatusCode.NotFound, await bagnoletAdmin.GetAsync("/bagnolet/admin/federations/library?federation=cuf"));
        // Marseille's cookie is worth nothing at Bagnolet.
        Assert.NotEqual(HttpStatusCode.OK, (await editor.GetAsync($"/bagnolet/admin/federations/library/{note.Id}")).StatusCode);

        // Another federation's admin: refused on CUF's staff pages; CUF's ids through its own federation: 404.
        using var other = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await other.SignInAsync("", "admin@afccre.org"));
        Assert.True(IsForbidden(await other.GetAsync("/federations/cuf/library")));
        Assert.True(IsForbidden(await other.GetAsync($"/federations/cuf/library/{note.Id}")));
        AssertStatus(HttpStatusCode.NotFound, await other.GetAsync($"/federations/afccre/library/{note.Id}"));
        // CUF's editor reads the library and downloads, but does not upload or change anything.
        using var cufEditor = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await cufEditor.SignInAsync("", "editor@cuf.org"));
        AssertStatus(HttpStatusCode.OK, await cufEditor.GetAsync($"/federations/cuf/library/{note.Id}"));
        var editorPage = await cufEditor.GetPageAsync("/federations/cuf/library");
        Assert.Null(editorPage.QuerySelector("#upload-form"));
        var token = await OnboardingTests.AntiforgeryAsync(cufEditor, "/account");
        Assert.True(IsForbidden(await cufEditor.PostAsync($"/federations/cuf/library?handler=Delete&id={note.Id}", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]))));
        Assert.Equal(2, (await Data.FederationDocumentsAsync(cuf)).Count);

        // The admin makes the note public: it shows on the portal at once.
        var adminToken = (await admin.GetPageAsync("/federations/cuf/library")).QuerySelector("#upload-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        AssertStatus(HttpStatusCode.Redirect, await admin.PostAsync($"/federations/cuf/library?handler=Visibility&id={note.Id}", new FormUrlEncodedContent([new("__RequestVerificationToken", adminToken), new("isPublic", "true")])));
        AssertStatus(HttpStatusCode.OK, await anonymous.GetAsync($"/federations/cuf/documents/{note.Id}"));
    }

    [Fact]
    public async Task A_federation_keeps_at_most_200_documents_and_the_form_says_so()
    {
        var cuf = await Data.CreateFederationAsync("cuf", "Cités Unies France");
        await Data.CreateFederationStaffAsync(cuf, "admin@cuf.org");
        for (var i = 0; i < FederationLibrary.MaxDocuments; i++)
        {
            await Data.AddFederationDocumentAsync(cuf, $"Document {i}", isPublic: false);
        }
        using var admin = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await admin.SignInAsync("", "admin@cuf.org"));

        var response = await UploadAsync(admin, "Un de trop", "public", "trop.pdf", "%PDF-1.7"u8.ToArray());

        AssertStatus(HttpStatusCode.UnprocessableEntity, response);
        Assert.Equal("La bibliothèque est pleine (200 documents) : supprimez-en avant d'en ajouter.", (await Html.ParseAsync(response)).QuerySelector("#File-error")!.TextContent);
        Assert.Equal(FederationLibrary.MaxDocuments, (await Data.FederationDocumentsAsync(cuf)).Count);
        // The list shows 50 a page, with a pager.
        var list = await admin.GetPageAsync("/federations/cuf/library");
        Assert.Equal(FederationLibrary.PageSize, list.QuerySelectorAll("#documents-table tbody tr").Length);
        Assert.Equal(4, list.QuerySelectorAll("nav.pager a").Length);
    }

    [Fact]
    public void File_types_are_recognised_by_their_content()
    {
        Assert.Equal(DocumentTypes.Pdf, DocumentTypes.Of("%PDF-1.4"u8.ToArray()));
        Assert.Equal(DocumentTypes.Docx, DocumentTypes.Of(TestData.MinimalDocx()));
        Assert.Null(DocumentTypes.Of(ZipWith("readme.txt")));
        Assert.Null(DocumentTypes.Of("PK\x03\x04 not really a zip"u8.ToArray()));
        Assert.Null(DocumentTypes.Of("<html><script>"u8.ToArray()));
        Assert.Null(DocumentTypes.Of([]));
    }

    /// <summary>403, or the redirect to the 403 page that cookie sign-in answers for it.</summary>
    private static bool IsForbidden(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Forbidden || response.Headers.Location?.OriginalString.Contains("/error/403", StringComparison.Ordinal) == true;

    private static byte[] ZipWith(string entry)
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry(entry).Open());
            writer.Write("hello");
        }
        return buffer.ToArray();
    }
}
