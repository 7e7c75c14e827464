using System.Net;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Identity;

namespace TwinningCloud.Tests.Deployment;

/// <summary>deploy/backup and deploy/restore (pg_dump, pg_restore) as an operator runs them.</summary>
[Trait("Category", TestCategories.Process)]
public sealed class BackupRestoreTests : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tc-backup-");
    private TestDatabase _source = null!;
    private TestDatabase _target = null!;

    public async Task InitializeAsync()
    {
        _source = await TestDatabase.CreateAsync("backup");
        _target = await TestDatabase.CreateAsync("restored"); // CREATE DATABASE: empty
    }

    public async Task DisposeAsync()
    {
        await _source.DisposeAsync();
        await _target.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    private static string Script(string name) => Path.Combine(RepositoryRoot.Path, "deploy", name);

    [Fact]
    public async Task A_dump_restored_into_an_empty_database_is_served_by_the_app_with_its_accounts_and_sessions()
    {
        string cookie;
        await using (var before = new AppFactory(_source.ConnectionString))
        {
            var jar = new CookieContainer();
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = jar }) { BaseAddress = DeploymentKit.StartOnKestrel(before) };
            var data = new TestData(before.Services);
            var marseille = await data.CreateTenantAsync("marseille", "Ville de Marseille");
            await data.CreateStaffAsync(marseille, "admin@marseille.fr", Roles.TenantAdmin);
            await data.AddPartnerCityAsync(marseille, "Gênes");
            Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync("/marseille", "admin@marseille.fr")).StatusCode);
            cookie = jar.GetCookieHeader(new Uri(client.BaseAddress!, "/marseille/admin"));
        }

        var dump = Path.Combine(_folder.FullName, "twinningcloud.dump");
        var backup = await DeploymentKit.RunAsync(Script("backup"), [dump], DeploymentKit.LibpqEnvironment(_source.ConnectionString));
        Assert.True(backup.ExitCode == 0, backup.Output);
        Assert.Contains("backup written", backup.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(dump + ".partial"));

        var restore = await DeploymentKit.RunAsync(Script("restore"), [dump], DeploymentKit.LibpqEnvironment(_target.ConnectionString));
        Assert.True(restore.ExitCode == 0, restore.Output);

        // The upgrade step on the restored database: a dump of this release needs no migration.
        await using (var migrate = AppProcess.Start("migrate", new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Default"] = _target.ConnectionString,
        }, ["migrate"]))
        {
            Assert.True(await migrate.WaitForExitAsync(TimeSpan.FromMinutes(2)) == 0, string.Join('\n', migrate.Lines));
            Assert.Contains(migrate.Lines, l => l.Contains("Database is up to date.", StringComparison.Ordinal));
        }

        // The app on the restored database (no migration at start): the public page, and the session made before the backup.
        await using var after = new AppFactory(_target.ConnectionString, new Dictionary<string, string> { ["Database:MigrateAtStartup"] = "false" });
        using var visitor = new HttpClient { BaseAddress = DeploymentKit.StartOnKestrel(after) };
        var cities = await visitor.GetAsync("/marseille/partner-cities");
        Assert.Equal(HttpStatusCode.OK, cities.StatusCode);
        Assert.Contains("Gênes", await cities.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var request = new HttpRequestMessage(HttpMethod.Get, "/marseille/admin");
        request.Headers.Add("Cookie", cookie);
        using var staff = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = visitor.BaseAddress };
        var admin = await staff.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode); // the key ring and the account came back with the dump
        Assert.Contains("Ville de Marseille — administration", await admin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_refuses_a_database_that_is_not_empty_and_changes_nothing()
    {
        await using (var app = new AppFactory(_source.ConnectionString))
        {
            await new TestData(app.Services).CreateTenantAsync("marseille");
        }
        var dump = Path.Combine(_folder.FullName, "twinningcloud.dump");
        Assert.Equal(0, (await DeploymentKit.RunAsync(Script("backup"), [dump], DeploymentKit.LibpqEnvironment(_source.ConnectionString))).ExitCode);
        await using (var other = new AppFactory(_target.ConnectionString))
        {
            await new TestData(other.Services).CreateTenantAsync("bagnolet");
        }

        var refused = await DeploymentKit.RunAsync(Script("restore"), [dump], DeploymentKit.LibpqEnvironment(_target.ConnectionString));

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("not empty", refused.Output, StringComparison.Ordinal);
        await using var connection = new Npgsql.NpgsqlConnection(_target.ConnectionString);
        await connection.OpenAsync();
        await using var slugs = new Npgsql.NpgsqlCommand("SELECT string_agg(slug, ',') FROM tenants", connection);
        Assert.Equal("bagnolet", await slugs.ExecuteScalarAsync());
    }
}
