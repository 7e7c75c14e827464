using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Reminders;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Jobs;

/// <summary>
/// A database of its own with one tenant (reminders module on, one administrator) whose <c>count</c> agreements
/// are due for their 7-day review reminder, swept already: <c>count</c> planned deliveries and their queued
/// <c>reminders.send</c> jobs, waiting for a worker. Seeded by an in-process app that runs no worker.
/// Each item's title carries the run's marker, so a mail's subject names its delivery.
/// </summary>
public sealed partial class ReminderBatch : IAsyncDisposable
{
    private ReminderBatch(TestDatabase database, AppFactory seeder, TenantInfo tenant, string marker, string admin)
    {
        Database = database;
        Seeder = seeder;
        Tenant = tenant;
        Marker = marker;
        AdminEmail = admin;
    }

    public TestDatabase Database { get; }
    public AppFactory Seeder { get; }
    public TenantInfo Tenant { get; }
    public string Marker { get; }
    public string AdminEmail { get; }
    public string ConnectionString => Database.ConnectionString;

    public static async Task<ReminderBatch> CreateAsync(string purpose, int count, IReadOnlyDictionary<string, string>? seederSettings = null)
    {
        var database = await TestDatabase.CreateAsync(purpose);
        var settings = new Dictionary<string, string> { ["Jobs:RunWorker"] = "false" };
        foreach (var (key, value) in seederSettings ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
        var seeder = new AppFactory(database.ConnectionString, settings);
        var data = new TestData(seeder.Services);
        var marker = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var tenant = await data.CreateTenantAsync($"rem{marker.ToLowerInvariant()}", $"Ville {marker}", modules: [ModuleKeys.Agreements, ModuleKeys.Reminders]);
        var admin = $"admin-{marker.ToLowerInvariant()}@example.org";
        await data.CreateStaffAsync(tenant, admin, Roles.TenantAdmin);
        var batch = new ReminderBatch(database, seeder, tenant, marker, admin);
        await batch.AddAndSweepAsync(count);
        return batch;
    }

    public int Items { get; private set; }

    /// <summary>Adds <paramref name="count"/> more due items and runs the sweep: as many more planned deliveries and mail jobs.</summary>
    public async Task AddAndSweepAsync(int count)
    {
        await AddDueItemsAsync(count, Items);
        Items += count;
        var result = await Seeder.Services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(Tenant, sp => sp.GetRequiredService<ReminderSweep>().SweepAsync());
        Assert.Equal(count, result.Planned);
        Assert.Equal((count + ReminderSweep.BatchSize - 1) / ReminderSweep.BatchSize, result.JobsEnqueued); // batches of recipients' mails
    }

    /// <summary>Agreements reviewed in 7 days (tenant-local), titled "{marker}-00042": one INSERT … SELECT (fast for 10,000).</summary>
    public async Task AddDueItemsAsync(int count, int first = 0)
    {
        var today = ReminderSweep.TodayIn(Tenant, DateTimeOffset.UtcNow);
        await using var connection = await OpenAsync();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO agreements (tenant_id, id, kind, title, status, next_review_on, is_public, created_at, updated_at)
            SELECT @tenant, gen_random_uuid(), @kind, @marker || '-' || lpad(i::text, 5, '0'), @status, @due, true, now(), now()
            FROM generate_series(@from, @to) AS i
            """, connection);
        insert.Parameters.AddWithValue("tenant", Tenant.Id);
        insert.Parameters.AddWithValue("kind", nameof(AgreementKind.TwinningOath));
        insert.Parameters.AddWithValue("status", nameof(AgreementStatus.Active));
        insert.Parameters.AddWithValue("marker", Marker);
        insert.Parameters.AddWithValue("due", today.AddDays(7));
        insert.Parameters.AddWithValue("from", first);
        insert.Parameters.AddWithValue("to", first + count - 1);
        Assert.Equal(count, await insert.ExecuteNonQueryAsync());
    }

    public string TitleOf(int i) => $"{Marker}-{i:D5}";

    /// <summary>The item a one-reminder mail is about: the id in its link to the item (<c>/admin/agreements/{id}</c>).</summary>
    public static Guid? ItemIn(MailDev.Mail mail) =>
        Regex.Match(mail.Text ?? "", "/admin/agreements/([0-9a-f-]{36})") is { Success: true } m ? Guid.Parse(m.Groups[1].Value) : null;

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Delivery id → (item id, state) of every delivery of the batch.</summary>
    public async Task<Dictionary<Guid, (Guid Item, string State)>> DeliveriesAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id, item_id, state FROM reminder_deliveries", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var all = new Dictionary<Guid, (Guid, string)>();
        while (await reader.ReadAsync())
        {
            all[reader.GetGuid(0)] = (reader.GetGuid(1), reader.GetString(2));
        }
        return all;
    }

    /// <summary>Recipient's delivery id (what the mail events 5101–5103 name) → (item id, state) of every recipient's delivery of the batch.</summary>
    public async Task<Dictionary<Guid, (Guid Item, string State)>> RecipientDeliveriesAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("SELECT r.id, d.item_id, r.state FROM reminder_recipient_deliveries r JOIN reminder_deliveries d ON d.tenant_id = r.tenant_id AND d.id = r.delivery_id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var all = new Dictionary<Guid, (Guid, string)>();
        while (await reader.ReadAsync())
        {
            all[reader.GetGuid(0)] = (reader.GetGuid(1), reader.GetString(2));
        }
        return all;
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The environment of a worker process on this batch's database, mailing to <paramref name="smtpPort"/>.</summary>
    public Dictionary<string, string> WorkerEnvironment(int smtpPort) => new()
    {
        ["Database__Provider"] = "Postgres",
        ["ConnectionStrings__Default"] = ConnectionString,
        ["Email__Delivery"] = "Smtp",
        ["Email__Host"] = "127.0.0.1",
        ["Email__Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Jobs__PollInterval"] = "00:00:00.100",
        ["Jobs__QueuePollInterval"] = "00:00:00.200",
        ["Jobs__SchedulePollInterval"] = "00:00:00.200",
        ["Jobs__InvisibilityTimeout"] = "00:00:03",
        ["Jobs__RetryBaseDelay"] = "00:00:00.200",
        ["Jobs__RetryMaxDelay"] = "00:00:02",
        ["Seed__OperatorPassword"] = TestUsers.OperatorPassword,
    };

    public async ValueTask DisposeAsync()
    {
        await Seeder.DisposeAsync();
        await Database.DisposeAsync();
    }
}
