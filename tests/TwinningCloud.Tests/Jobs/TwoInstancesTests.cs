using System.Diagnostics;
using TwinningCloud.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TwinningCloud.Tests.Jobs;

/// <summary>Two app processes on one PostgreSQL database mail 10,000 reminders: each exactly once, and both did work.</summary>
[Trait("Category", TestCategories.Process)]
public sealed class TwoInstancesTests(ITestOutputHelper output)
{
    private const int Items = 10_000;

    [Fact]
    public async Task Two_instances_send_10000_reminders_each_exactly_once()
    {
        var watch = Stopwatch.StartNew();
        await using var maildev = await OwnMailDev.StartAsync();
        await using var batch = await ReminderBatch.CreateAsync("two", Items);
        output.WriteLine($"seeded {Items} due reminders in {watch.Elapsed.TotalSeconds:F1} s");
        var environment = batch.WorkerEnvironment(maildev.SmtpPort);
        // Nobody dies here: a long invisibility timeout, so that a heartbeat delayed on a busy machine cannot hand a live job to the other instance.
        environment["Jobs__InvisibilityTimeout"] = "00:00:30";
        await using var first = AppProcess.Start("first", environment);
        await using var second = AppProcess.Start("second", environment);
        var started = watch.Elapsed;

        await JobsApp.WaitUntilAsync(
            async () => await batch.CountAsync("SELECT count(*) FROM reminder_deliveries WHERE state = 'Sent'") == Items || first.HasExited || second.HasExited,
            "every delivery sent", TimeSpan.FromMinutes(5));
        Assert.False(first.HasExited, string.Join('\n', first.Lines.TakeLast(30)));
        Assert.False(second.HasExited, string.Join('\n', second.Lines.TakeLast(30)));
        output.WriteLine($"sent in {(watch.Elapsed - started).TotalSeconds:F1} s");
        await JobsApp.WaitUntilAsync(
            async () => await batch.CountAsync("SELECT count(*) FROM jobs WHERE kind = 'reminders.send' AND state <> 'succeeded'") == 0,
            "every mail job recorded as succeeded", TimeSpan.FromSeconds(30));
        await first.StopAsync();
        await second.StopAsync();

        var mails = await maildev.WaitForCountAsync(Items, TimeSpan.FromSeconds(60));
        output.WriteLine($"{mails.Count} mails in MailDev at {watch.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(Items, mails.Count);
        var items = mails.Select(m => ReminderBatch.ItemIn(m)!.Value).ToHashSet();
        Assert.Equal(Items, items.Count);
        var deliveries = await batch.DeliveriesAsync();
        Assert.Equal(Items, deliveries.Count);
        Assert.All(deliveries.Values, d => Assert.Equal("Sent", d.State));
        Assert.True(items.SetEquals(deliveries.Values.Select(d => d.Item)));

        // Each recipient's delivery recorded as sent once, by one of the two; both did a fair part of the work.
        static List<string> Recorded(AppProcess p) => p.Events(5103).SelectMany(e => e.GetProperty("State").GetProperty("DeliveryIds").GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var recorded = Recorded(first).Concat(Recorded(second)).ToList();
        Assert.Equal(Items, recorded.Distinct().Count());
        var byFirst = Recorded(first).Count;
        var bySecond = Recorded(second).Count;
        output.WriteLine($"first instance sent {byFirst}, second {bySecond}");
        Assert.Equal(Items, byFirst + bySecond);
        Assert.True(byFirst > Items / 10 && bySecond > Items / 10, $"both instances worked: {byFirst} and {bySecond}");
        Assert.Empty(first.Events(5001).Concat(second.Events(5001))); // no failed attempt
    }
}
