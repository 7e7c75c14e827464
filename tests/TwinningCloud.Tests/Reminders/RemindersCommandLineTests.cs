using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Tests.Platform;
using TwinningCloud.Web.Features.Reminders;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Modules;

namespace TwinningCloud.Tests.Reminders;

/// <summary>
/// <c>reminders-sweep --tenant SLUG</c> and <c>--all</c>, run as a separate process on the test app's database:
/// the command plans and enqueues, the test app's worker sends the mails.
/// </summary>
public sealed class RemindersCommandLineTests(AppFixture app) : AppTest(app)
{
    private Dictionary<string, string> Environment() => new()
    {
        ["Database__Provider"] = "Postgres",
        ["ConnectionStrings__Default"] = App.ConnectionString,
        ["Database__MigrateAtStartup"] = "false",
        ["Jobs__RunWorker"] = "false",
    };

    [Fact]
    public async Task The_sweep_runs_for_one_tenant_or_for_every_tenant_with_the_module()
    {
        var marseille = await Data.CreateTenantAsync("marseille", modules: TestData.WithReminders);
        var bagnolet = await Data.CreateTenantAsync("bagnolet", modules: TestData.WithReminders);
        var lyon = await Data.CreateTenantAsync("lyon", modules: [ModuleKeys.Agreements]);
        var marseilleAdmin = MailDev.NewAddress("admin");
        await Data.CreateStaffAsync(marseille, marseilleAdmin, Roles.TenantAdmin);
        await Data.CreateStaffAsync(bagnolet, MailDev.NewAddress("admin", "bagnolet.fr"), Roles.TenantAdmin);
        await Data.CreateStaffAsync(lyon, MailDev.NewAddress("admin", "lyon.fr"), Roles.TenantAdmin);
        await Data.AddAgreementReviewedInAsync(marseille, "Serment Marseille–Gênes", 7);
        await Data.AddAgreementReviewedInAsync(bagnolet, "Jumelage Bagnolet–Oranienburg", 30);
        await Data.AddAgreementReviewedInAsync(bagnolet, "Accord Bagnolet–Figuig", 90);
        await Data.AddAgreementReviewedInAsync(lyon, "Jumelage Lyon–Turin", 7);

        var (one, oneOutput) = await CommandLineTests.RunAppAsync(["reminders-sweep", "--tenant", "marseille"], Environment());

        Assert.True(one == 0, oneOutput);
        Assert.Matches(@"marseille: 1 planned, 0 cancelled, 1 mail jobs in \d+ ms", oneOutput);
        Assert.DoesNotContain("bagnolet:", oneOutput, StringComparison.Ordinal);
        Assert.Empty(await Data.DeliveriesAsync(bagnolet));
        await MailDev.WaitForAsync(marseilleAdmin, m => m.Subject.Contains("Serment Marseille–Gênes", StringComparison.Ordinal), TimeSpan.FromSeconds(20));

        var (all, allOutput) = await CommandLineTests.RunAppAsync(["reminders-sweep", "--all"], Environment());

        Assert.True(all == 0, allOutput);
        Assert.Matches(@"bagnolet: 2 planned, 0 cancelled, 1 mail jobs in \d+ ms", allOutput);
        Assert.Matches(@"marseille: 0 planned, 0 cancelled, 0 mail jobs in \d+ ms", allOutput);
        Assert.DoesNotContain("lyon", allOutput, StringComparison.Ordinal);
        Assert.Empty(await Data.DeliveriesAsync(lyon));
        Assert.All(await Data.SettledDeliveriesAsync(bagnolet), d => Assert.Equal(ReminderDeliveryState.Sent, d.State));

        var (off, offOutput) = await CommandLineTests.RunAppAsync(["reminders-sweep", "--tenant", "lyon"], Environment());
        Assert.Equal(2, off);
        Assert.Contains("The reminders module is switched off for 'lyon'.", offOutput, StringComparison.Ordinal);
    }
}
