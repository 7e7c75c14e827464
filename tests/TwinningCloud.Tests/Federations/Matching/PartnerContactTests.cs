using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Federations;
using TwinningCloud.Web.Features.Federations.Matching;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Federations.Matching;

/// <summary>
/// A town contacts another through the platform (MailDev receives the mails): each admin of the other town gets the
/// message in a mail of their own, without the sender's address; when one answers, the sender gets the answer and both
/// see each other's address. Limits, and contacts never reach or show to a third town.
/// </summary>
public sealed class PartnerContactTests(AppFixture app) : AppTest(app)
{
    private static readonly string[] WithDirectory = [ModuleKeys.Agreements, ModuleKeys.FederationDirectory];

    private sealed record Towns(Federation Cuf, TenantInfo Bagnolet, TenantInfo Marseille, TenantInfo Lyon);

    private async Task<Towns> TownsAsync()
    {
        var cuf = await Data.CreateFederationAsync("cuf", "Cités Unies France");
        var bagnolet = await Data.CreateTenantAsync("bagnolet", "Ville de Bagnolet", modules: WithDirectory);
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille", modules: WithDirectory);
        var lyon = await Data.CreateTenantAsync("lyon", "Ville de Lyon", modules: WithDirectory); // a member of no federation of theirs
        await Data.AddFederationMemberAsync(cuf, bagnolet);
        await Data.AddFederationMemberAsync(cuf, marseille);
        await Data.AddAgreementAsync(marseille, "Accord Marseille–Rabat", AgreementKind.CooperationAgreement, [await Data.AddCityAsync(marseille, "Rabat", "MA", 34.02, -6.83)], ["water"]);
        return new Towns(cuf, bagnolet, marseille, lyon);
    }

    private async Task<HttpClient> SignedInAsync(TenantInfo town, string email, string role)
    {
        await Data.CreateStaffAsync(town, email, role);
        var client = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await client.SignInAsync("/" + town.Slug, email));
        return client;
    }

    [Fact]
    public async Task A_message_reaches_each_admin_of_the_other_town_without_the_senders_address_until_one_answers_then_both_see_each_others()
    {
        var towns = await TownsAsync();
        var sender = MailDev.NewAddress("elue", "bagnolet.fr");
        var firstAdmin = MailDev.NewAddress("admin1", "marseille.fr");
        var secondAdmin = MailDev.NewAddress("admin2", "marseille.fr");
        var marseilleEditor = MailDev.NewAddress("editeur", "marseille.fr");
        using var bagnolet = await SignedInAsync(towns.Bagnolet, sender, Roles.Editor);
        using var marseille = await SignedInAsync(towns.Marseille, firstAdmin, Roles.TenantAdmin);
        await Data.CreateStaffAsync(towns.Marseille, secondAdmin, Roles.TenantAdmin);
        await Data.CreateStaffAsync(towns.Marseille, marseilleEditor, Roles.Editor);

        var sent = await bagnolet.SubmitFormAsync($"/bagnolet/admin/federations/partners/contact/{towns.Marseille.Id}?federation=cuf",
            new Dictionary<string, string?> { ["Message"] = "Bonjour, nous aimerions échanger sur l'eau avec vous." }, "#contact-form");

        AssertStatus(HttpStatusCode.Redirect, sent);
        var contact = Assert.Single(await Data.PartnerContactsAsync());
        Assert.Equal($"/bagnolet/admin/federations/partners/contacts/{contact.Id}", sent.Headers.Location!.OriginalString);
        var mails = new[] { await MailDev.WaitForAsync(firstAdmin), await MailDev.WaitForAsync(secondAdmin) };
        foreach (var mail in mails)
        {
            Assert.Single(mail.To); // one mail per recipient, never several addresses in one To
            Assert.Equal("Ville de Bagnolet souhaite prendre contact (Cités Unies France)", mail.Subject);
            Assert.Contains("Bonjour, nous aimerions échanger sur l'eau avec vous.", mail.Text, StringComparison.Ordinal);
            var source = await MailDev.SourceAsync(mail);
            Assert.DoesNotContain(sender, source, StringComparison.OrdinalIgnoreCase); // not in From, Reply-To, nor the body
            Assert.Equal($"{App.BaseAddress.ToString().TrimEnd('/')}/marseille/admin/federations/partners/contacts/{contact.Id}", MailDev.LinkIn(mail));
        }
        Assert.DoesNotContain(await MailDev.AllAsync(), m => m.To.Any(t => t.Email == marseilleEditor)); // the town's admins only

        // Marseille's admin follows the link: the message, the sender's name and town, not the address.
        var received = await marseille.GetPageAsync(new Uri(MailDev.LinkIn(mails[0])).PathAndQuery);
        Assert.Contains("Bonjour, nous aimerions", received.QuerySelector(".contact-message")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Ville de Bagnolet", received.QuerySelector("#contact-sender")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(sender, received.Body!.InnerHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(firstAdmin, (await bagnolet.GetPageAsync($"/bagnolet/admin/federations/partners/contacts/{contact.Id}")).Body!.InnerHtml, StringComparison.OrdinalIgnoreCase);

        var answered = await marseille.SubmitFormAsync($"/marseille/admin/federations/partners/contacts/{contact.Id}",
            new Dictionary<string, string?> { ["Answer"] = "Avec plaisir, écrivez-nous." }, "#answer-form");

        AssertStatus(HttpStatusCode.Redirect, answered);
        var answerMail = await MailDev.WaitForAsync(sender);
        Assert.Equal("Ville de Marseille a répondu à votre message (Cités Unies France)", answerMail.Subject);
        Assert.Contains("Avec plaisir, écrivez-nous.", answerMail.Text, StringComparison.Ordinal);
        Assert.Contains(firstAdmin, answerMail.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(sender, (await marseille.GetPageAsync($"/marseille/admin/federations/partners/contacts/{contact.Id}")).QuerySelector("#contact-sender")!.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(firstAdmin, (await bagnolet.GetPageAsync($"/bagnolet/admin/federations/partners/contacts/{contact.Id}")).QuerySelector("#contact-answerer")!.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ContactStatus.Answered, Assert.Single(await Data.PartnerContactsAsync()).Status);
        // Answered once: a second answer is refused, and the sender cannot answer its own message.
        var token = await OnboardingTests.AntiforgeryAsync(marseille, "/marseille/account");
        AssertStatus(HttpStatusCode.Conflict, await marseille.PostAsync($"/marseille/admin/federations/partners/contacts/{contact.Id}?handler=Decline",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)])));
    }

    [Fact]
    public async Task A_declined_contact_tells_the_sender_and_shows_no_address()
    {
        var towns = await TownsAsync();
        var sender = MailDev.NewAddress("elu", "bagnolet.fr");
        var admin = MailDev.NewAddress("admin", "marseille.fr");
        using var bagnolet = await SignedInAsync(towns.Bagnolet, sender, Roles.TenantAdmin);
        using var marseille = await SignedInAsync(towns.Marseille, admin, Roles.TenantAdmin);
        AssertStatus(HttpStatusCode.Redirect, await bagnolet.SubmitFormAsync($"/bagnolet/admin/federations/partners/contact/{towns.Marseille.Id}?federation=cuf",
            new Dictionary<string, string?> { ["Message"] = "Un échange ?" }, "#contact-form"));
        var contact = Assert.Single(await Data.PartnerContactsAsync());
        var token = await OnboardingTests.AntiforgeryAsync(bagnolet, "/bagnolet/account");
        // The sender cannot answer or decline its own message.
        AssertStatus(HttpStatusCode.Conflict, await bagnolet.PostAsync($"/bagnolet/admin/federations/partners/contacts/{contact.Id}?handler=Decline",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)])));

        AssertStatus(HttpStatusCode.Redirect, await marseille.SubmitFormAsync($"/marseille/admin/federations/partners/contacts/{contact.Id}",
            new Dictionary<string, string?>(), "#decline-form"));

        var mail = await MailDev.WaitForAsync(sender, m => m.Subject.Contains("décliné", StringComparison.Ordinal));
        Assert.DoesNotContain(admin, await MailDev.SourceAsync(mail), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(admin, (await bagnolet.GetPageAsync($"/bagnolet/admin/federations/partners/contacts/{contact.Id}")).Body!.InnerHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(sender, (await marseille.GetPageAsync($"/marseille/admin/federations/partners/contacts/{contact.Id}")).Body!.InnerHtml, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Contacts_are_refused_beyond_ten_a_day_without_a_message_or_to_towns_outside_a_shared_directory_and_never_show_to_a_third_town()
    {
        var towns = await TownsAsync();
        using var bagnolet = await SignedInAsync(towns.Bagnolet, "admin@bagnolet.fr", Roles.TenantAdmin);
        using var lyon = await SignedInAsync(towns.Lyon, "admin@lyon.fr", Roles.TenantAdmin);
        await Data.CreateStaffAsync(towns.Marseille, "admin@marseille.fr", Roles.TenantAdmin);
        var url = $"/bagnolet/admin/federations/partners/contact/{towns.Marseille.Id}?federation=cuf&lang=en";

        var empty = await bagnolet.SubmitFormAsync(url, new Dictionary<string, string?> { ["Message"] = "  " }, "#contact-form");
        AssertStatus(HttpStatusCode.UnprocessableEntity, empty);
        Assert.Equal("Write your message.", (await Html.ParseAsync(empty)).QuerySelector("#Message-error")!.TextContent);
        var tooLong = await bagnolet.SubmitFormAsync(url, new Dictionary<string, string?> { ["Message"] = new string('x', 2001) }, "#contact-form");
        AssertStatus(HttpStatusCode.UnprocessableEntity, tooLong);
        Assert.Empty(await Data.PartnerContactsAsync());

        // Not a town listed in a directory both share: Lyon (no federation), Marseille through another federation, itself, a made-up id.
        AssertStatus(HttpStatusCode.NotFound, await bagnolet.GetAsync($"/bagnolet/admin/federations/partners/contact/{towns.Lyon.Id}?federation=cuf"));
        AssertStatus(HttpStatusCode.NotFound, await bagnolet.GetAsync($"/bagnolet/admin/federations/partners/contact/{towns.Marseille.Id}?federation=afccre"));
        AssertStatus(HttpStatusCode.NotFound, await bagnolet.GetAsync($"/bagnolet/admin/federations/partners/contact/{towns.Marseille.Id}"));
        AssertStatus(HttpStatusCode.NotFound, await bagnolet.GetAsync($"/bagnolet/admin/federations/partners/contact/{towns.Bagnolet.Id}?federation=cuf"));
        AssertStatus(HttpStatusCode.NotFound, await lyon.GetAsync($"/lyon/admin/federations/partners/contact/{towns.Marseille.Id}?federation=cuf"));
        // A town that opted out of the directory cannot be written to.
        var marseilleMember = (await Data.InScopeAsync(sp => sp.GetRequiredService<FederationMembers>().OfTownAsync(towns.Marseille.Id, default))).Single().Member;
        await Data.InScopeAsync(sp => sp.GetRequiredService<FederationMembers>().UpdateAsync(towns.Marseille.Id, marseilleMember.Id, m => m.ListedInDirectory = false, default));
        AssertStatus(HttpStatusCode.NotFound, await bagnolet.GetAsync(url));
        await Data.InScopeAsync(sp => sp.GetRequiredService<FederationMembers>().UpdateAsync(towns.Marseille.Id, marseilleMember.Id, m => m.ListedInDirectory = true, default));

        for (var i = 1; i <= PartnerContact.MaxPerDay; i++)
        {
            AssertStatus(HttpStatusCode.Redirect, await bagnolet.SubmitFormAsync(url, new Dictionary<string, string?> { ["Message"] = $"marqueur-message-{i}" }, "#contact-form"));
        }
        var eleventh = await bagnolet.SubmitFormAsync(url, new Dictionary<string, string?> { ["Message"] = "one too many" }, "#contact-form");
        AssertStatus(HttpStatusCode.TooManyRequests, eleventh);
        Assert.Contains("10 messages in the last 24 hours", await ReadAsync(eleventh), StringComparison.Ordinal);
        var contacts = await Data.PartnerContactsAsync();
        Assert.Equal(PartnerContact.MaxPerDay, contacts.Count);

        // A third town: the contact is not found, not answerable, not listed.
        var id = contacts[0].Id;
        AssertStatus(HttpStatusCode.NotFound, await lyon.GetAsync($"/lyon/admin/federations/partners/contacts/{id}"));
        var token = await OnboardingTests.AntiforgeryAsync(lyon, "/lyon/account");
        AssertStatus(HttpStatusCode.NotFound, await lyon.PostAsync($"/lyon/admin/federations/partners/contacts/{id}?handler=Answer",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Answer", "lyon-answer")])));
        Assert.DoesNotContain("marqueur-message", await ReadAsync(await lyon.GetAsync("/lyon/admin/federations/partners")), StringComparison.Ordinal);
        Assert.Contains("marqueur-message-1", await ReadAsync(await bagnolet.GetAsync($"/bagnolet/admin/federations/partners/contacts/{id}")), StringComparison.Ordinal);
        Assert.All(await Data.PartnerContactsAsync(), c => Assert.Equal(ContactStatus.Open, c.Status));
    }
}
