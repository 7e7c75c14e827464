using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Respawn;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Infrastructure;

/// <summary>
/// The whole app, booted once per test run on a real loopback port (Kestrel) against a real
/// PostgreSQL database of its own, migrated at start. Tests reset the data before each test
/// with Respawn (<see cref="ResetAsync"/>) and share this one instance, sequentially (<see cref="AppCollection"/>).
/// </summary>
public class AppFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private AppFactory? _factory;

    public AppFactory Factory => _factory ?? throw new InvalidOperationException("Not started.");
    public IServiceProvider Services => Factory.Services;
    public Uri BaseAddress { get; private set; } = null!;
    public string ConnectionString => _database!.ConnectionString;

    /// <summary>Settings of its own, for a separate app (another database too) in the few tests that need other settings.</summary>
    public IReadOnlyDictionary<string, string>? Settings { get; init; }

    public TestLogSink Logs => Factory.Logs;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("app");
        _factory = new AppFactory(_database.ConnectionString, Settings);
        _factory.UseKestrel(0);
        _factory.StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>
    /// What a reset keeps, listed once: the migrations history, the data-protection key ring (the running app
    /// keeps it in memory, as a real one would), the platform's reference data (the network catalogue, as
    /// after a real migration) and Hangfire's schema (its own storage, not test data).
    /// </summary>
    public static readonly RespawnerOptions ResetOptions = new()
    {
        DbAdapter = DbAdapter.Postgres,
        SchemasToExclude = ["hangfire"],
        TablesToIgnore = ["__EFMigrationsHistory", "data_protection_keys", "networks"],
        WithReseed = true,
    };

    private Respawner? _respawner;

    /// <summary>Empties every other table with Respawn and forgets cached tenants.</summary>
    public async Task ResetAsync()
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            _respawner ??= await Respawner.CreateAsync(connection, ResetOptions);
            await _respawner.ResetAsync(connection);
        }
        Services.GetRequiredService<TenantCatalog>().Invalidate();
    }

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<HttpClient, CookieContainer> _jars = new();

    /// <summary>A client with its own cookies, not following redirects (tests look at them).</summary>
    public HttpClient CreateClient(bool followRedirects = false)
    {
        var jar = new CookieContainer();
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = followRedirects, UseCookies = true, CookieContainer = jar })
        {
            BaseAddress = BaseAddress,
        };
        _jars.Add(client, jar);
        return client;
    }

    /// <summary>The cookie jar of a client made by <see cref="CreateClient"/>.</summary>
    public CookieContainer CookiesOf(HttpClient client) => _jars.TryGetValue(client, out var jar) ? jar : throw new InvalidOperationException("Not a client of this fixture.");
}

/// <param name="services">Test-only services (e.g. a job handler), added after the app's own.</param>
public sealed class AppFactory(string connectionString, IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    public TestLogSink Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Postgres");
        builder.UseSetting("ConnectionStrings:Default", connectionString);
        builder.UseSetting("Database:MigrateAtStartup", "true");
        builder.UseSetting("Seed:Demo", "false");
        builder.UseSetting("Seed:OperatorPassword", TestUsers.OperatorPassword);
        builder.UseSetting("Logging:LogLevel:Default", Environment.GetEnvironmentVariable("TC_TEST_LOG_LEVEL") ?? "Warning");
        builder.UseSetting("Email:Delivery", "Smtp");
        builder.UseSetting("Logging:LogLevel:TwinningCloud", "Information");
        builder.UseSetting("Security:AccountRateLimit:PermitLimit", "100000"); // one test proves the real limit on a host of its own
        builder.UseSetting("Collectives:SignUpRateLimit:PermitLimit", "100000"); // likewise (Collectives/SignUpRateLimitTests)
        // Jobs (reminder mails…) run within a fraction of a second; Hangfire's queue and scheduler poll fast too.
        builder.UseSetting("Jobs:PollInterval", "00:00:00.2");
        builder.UseSetting("Jobs:QueuePollInterval", "00:00:00.2");
        builder.UseSetting("Jobs:SchedulePollInterval", "00:00:00.5");
        // The app's minutely tick must not run the towns' daily jobs behind a test's back: with the product's hour of catch-up,
        // a test town with reminders created between 08:00 and 09:00 Paris time was swept by the tick before the test's own
        // sweep (seen: RemindersCommandLineTests at 08:40). One second keeps an occurrence due only at its very instant, which
        // the tick reaches only if a test town exists at that second; tests fire schedules with explicit instants instead
        // (DailySchedules.FireDueAsync, Jobs/DaylightSavingScheduleTests).
        builder.UseSetting("Jobs:ScheduleCatchUp", "00:00:01");
        builder.UseSetting("Email:Host", TestEnvironment.SmtpHost);
        builder.UseSetting("Email:Port", TestEnvironment.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Settings of the test come last: a test may point the app at an SMTP server of its own.
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
        if (services is not null)
        {
            builder.ConfigureServices(services);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}

/// <summary>Base of tests that use the app: resets the database before each test and gives helpers.</summary>
[Collection(AppCollection.Name)]
public abstract class AppTest(AppFixture app) : IAsyncLifetime
{
    protected AppFixture App { get; } = app;
    protected TestData Data => new(App.Services);

    public virtual Task InitializeAsync()
    {
        App.Logs.Clear();
        return App.ResetAsync();
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected static async Task<string> ReadAsync(HttpResponseMessage response) => await response.Content.ReadAsStringAsync();

    protected static void AssertStatus(HttpStatusCode expected, HttpResponseMessage response) =>
        Assert.True(expected == response.StatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}");
}
