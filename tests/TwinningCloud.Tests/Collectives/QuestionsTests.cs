using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Collectives;
using TwinningCloud.Web.Features.Collectives.Questions;
using TwinningCloud.Web.Platform.Identity;

namespace TwinningCloud.Tests.Collectives;

/// <summary>Members' questions and proposals: moderated before they show, to members only; answered, with a mail to the author.</summary>
public sealed class QuestionsTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task A_question_shows_to_the_collectives_members_only_once_moderated_and_its_author_is_mailed_the_answer()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Akbou");
        var authorEmail = MailDev.NewAddress("asker", "bagnolet.fr");
        await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, authorEmail, "Samir Question");
        var readerEmail = MailDev.NewAddress("reader", "bagnolet.fr");
        await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, readerEmail, "Lectrice");
        var coordinatorEmail = MailDev.NewAddress("answers", "bagnolet.fr");
        await Data.AddCoordinatorMemberAsync(bagnolet, collective.Id, coordinatorEmail, "Coordinatrice Akbou");
        var exchange = $"/bagnolet/collectives/{collective.Id}/exchange";
        const string text = "Quand aura lieu la prochaine visite à Akbou ?";

        using var author = App.CreateClient();
        await TestData.CitizenSignInAsync(author, "bagnolet", authorEmail);
        Assert.Contains(exchange, await author.GetStringAsync("/bagnolet/collectives/mine"), StringComparison.Ordinal);
        var posted = await author.SubmitFormAsync(exchange, new Dictionary<string, string?> { ["Kind"] = "Question", ["Body"] = text }, "#question-form");
        AssertStatus(HttpStatusCode.Redirect, posted);
        Assert.Contains(text, await author.GetStringAsync(exchange), StringComparison.Ordinal); // the author sees it, awaiting moderation

        using var reader = App.CreateClient();
        await TestData.CitizenSignInAsync(reader, "bagnolet", readerEmail);
        Assert.DoesNotContain(text, await reader.GetStringAsync(exchange), StringComparison.Ordinal);
        using var anonymous = App.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(exchange)).StatusCode);

        using var coordinator = App.CreateClient();
        await TestData.CitizenSignInAsync(coordinator, "bagnolet", coordinatorEmail);
        var queue = await coordinator.GetPageAsync($"/bagnolet/collectives/coordinate/{collective.Id}/questions");
        Assert.Contains(text, queue.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Samir Question", queue.QuerySelector("main")!.TextContent, StringComparison.Ordinal); // moderators see who asked
        var answered = await coordinator.SubmitFormAsync($"/bagnolet/collectives/coordinate/{collective.Id}/questions", new Dictionary<string, string?> { ["answer"] = "Au printemps, avec les élus." }, "form[action*='handler=Answer']");
        AssertStatus(HttpStatusCode.Redirect, answered);

        var published = await reader.GetStringAsync(exchange);
        Assert.Contains(text, published, StringComparison.Ordinal);
        Assert.Contains("Au printemps, avec les élus.", published, StringComparison.Ordinal);
        Assert.DoesNotContain("Samir Question", published, StringComparison.Ordinal); // the author's name is not shown to other members
        Assert.DoesNotContain(text, await anonymous.GetStringAsync($"/bagnolet/collectives/{collective.Id}"), StringComparison.Ordinal); // never public
        var mail = await MailDev.WaitForAsync(authorEmail, m => m.Subject.Contains("réponse", StringComparison.Ordinal));
        Assert.Contains("/bagnolet/collectives/mine", MailDev.LinkIn(mail), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_question_is_refused_when_too_long_or_beyond_five_a_day_and_a_rejected_one_stays_hidden()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Massala");
        var email = MailDev.NewAddress("talkative", "bagnolet.fr");
        await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, email, "Bavard");
        var exchange = $"/bagnolet/collectives/{collective.Id}/exchange";
        using var member = App.CreateClient();
        await TestData.CitizenSignInAsync(member, "bagnolet", email);

        var tooLong = await member.SubmitFormAsync(exchange, new Dictionary<string, string?> { ["Kind"] = "Proposal", ["Body"] = new string('a', CollectiveQuestion.MaxBody + 1) }, "#question-form");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.NotNull((await Html.ParseAsync(tooLong)).QuerySelector("#Body-error"));
        var badKind = await member.SubmitFormAsync(exchange, new Dictionary<string, string?> { ["Kind"] = "Insult", ["Body"] = "x" }, "#question-form");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badKind.StatusCode);
        for (var i = 0; i < CollectiveQuestion.MaxPerDay; i++)
        {
            AssertStatus(HttpStatusCode.Redirect, await member.SubmitFormAsync(exchange, new Dictionary<string, string?> { ["Kind"] = "Proposal", ["Body"] = $"Proposition {i}" }, "#question-form"));
        }
        var sixth = await member.SubmitFormAsync(exchange, new Dictionary<string, string?> { ["Kind"] = "Proposal", ["Body"] = "Une de trop" }, "#question-form");
        Assert.Equal(HttpStatusCode.TooManyRequests, sixth.StatusCode);
        Assert.Equal(CollectiveQuestion.MaxPerDay, await Data.InTenantAsync(bagnolet, db => db.Set<CollectiveQuestion>().CountAsync()));

        await Data.CreateStaffAsync(bagnolet, "editor@bagnolet.fr", Roles.Editor);
        using var staff = App.CreateClient();
        await staff.SignInAsync("/bagnolet", "editor@bagnolet.fr");
        var rejected = await staff.SubmitFormAsync($"/bagnolet/admin/collectives/{collective.Id}/questions", new Dictionary<string, string?>(), "form[action*='handler=Reject']");
        AssertStatus(HttpStatusCode.Redirect, rejected);
        var published = await staff.SubmitFormAsync($"/bagnolet/admin/collectives/{collective.Id}/questions", new Dictionary<string, string?>(), "form[action*='handler=Publish']");
        AssertStatus(HttpStatusCode.Redirect, published);
        var statuses = await Data.InTenantAsync(bagnolet, db => db.Set<CollectiveQuestion>().OrderBy(q => q.CreatedAt).Select(q => q.Status).ToListAsync());
        Assert.Equal([QuestionStatus.Rejected, QuestionStatus.Published, QuestionStatus.Pending, QuestionStatus.Pending, QuestionStatus.Pending], statuses);

        using var other = App.CreateClient();
        var readerEmail = MailDev.NewAddress("reader2", "bagnolet.fr");
        await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, readerEmail, "Lecteur");
        await TestData.CitizenSignInAsync(other, "bagnolet", readerEmail);
        var seen = await other.GetStringAsync(exchange);
        Assert.Contains("Proposition 1", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("Proposition 0", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("Proposition 2", seen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_members_questions_are_in_the_data_download_and_gone_from_every_table_after_erasure()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var collective = await Data.AddCollectiveAsync(bagnolet, "Collectif Le Robert");
        var email = MailDev.NewAddress("forgetme", "bagnolet.fr");
        var member = await Data.AddCollectiveMemberAsync(bagnolet, collective.Id, email, "Ondine Oubliable");
        const string marker = "Proposition-Xylophone-unique";
        var question = await Data.AddQuestionAsync(bagnolet, member, marker, QuestionStatus.Published, "Réponse-Marimba-unique");
        using var client = App.CreateClient();
        await TestData.CitizenSignInAsync(client, "bagnolet", email);

        var download = await client.SubmitFormAsync("/bagnolet/collectives/mine", new Dictionary<string, string?>(), "form[action*='handler=Download']");
        AssertStatus(HttpStatusCode.OK, download);
        using var json = JsonDocument.Parse(await download.Content.ReadAsStringAsync());
        var exported = json.RootElement.GetProperty("activity").GetProperty("questions")[0];
        Assert.Equal(marker, exported.GetProperty("body").GetString());
        Assert.Equal("Réponse-Marimba-unique", exported.GetProperty("answer").GetString());

        Assert.NotEmpty(await TestData.CellsContainingAsync(App.ConnectionString, marker));
        var erased = await client.SubmitFormAsync("/bagnolet/collectives/mine", new Dictionary<string, string?> { ["confirmErase"] = "true" }, "form[action*='handler=Erase']");
        AssertStatus(HttpStatusCode.Redirect, erased);
        Assert.Empty(await TestData.CellsContainingAsync(App.ConnectionString, marker));
        Assert.Empty(await TestData.CellsContainingAsync(App.ConnectionString, email));
        Assert.Empty(await TestData.CellsContainingAsync(App.ConnectionString, "Oubliable"));
        Assert.False(await Data.InTenantAsync(bagnolet, db => db.Set<CollectiveQuestion>().AnyAsync(q => q.Id == question.Id)));
        Assert.True((await Data.InTenantAsync(bagnolet, db => db.Set<CitizenErasure>().SingleAsync())).OtherRows >= 1);
    }
}
