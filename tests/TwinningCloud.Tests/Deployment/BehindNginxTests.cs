using System.Globalization;
using System.Net;
using Npgsql;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Identity;
using Xunit.Abstractions;

namespace TwinningCloud.Tests.Deployment;

/// <summary>
/// Two app processes, run as a deployment runs them (<c>dotnet TwinningCloud.Web.dll</c>, settings in the
/// environment, the same key-ring certificate), on one PostgreSQL database, behind Debian's nginx with the
/// deployment's template: round robin, no sticky sessions. They behave as one.
/// </summary>
[Trait("Category", TestCategories.Process)]
public sealed class BehindNginxTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Admin = "admin@marseille.fr";
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tc-nginx-apps-");
    private TestDatabase _database = null!;
    private OwnMailDev _mail = null!;
    private AppProcess _first = null!;
    private AppProcess _second = null!;
    private NginxProxy _nginx = null!;
    private int _firstPort;
    private int _secondPort;
    private Guid _genes;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("nginx");
        _mail = await OwnMailDev.StartAsync();
        // The schema and the town, made by an in-process app that runs no worker and is gone before the instances start.
        await using (var seeder = new AppFactory(_database.ConnectionString, new Dictionary<string, string> { ["Jobs:RunWorker"] = "false" }))
        {
            var data = new TestData(seeder.Services);
            var marseille = await data.CreateTenantAsync("marseille", "Ville de Marseille");
            await data.CreateStaffAsync(marseille, Admin, Roles.TenantAdmin);
            _genes = (await data.AddPartnerCityAsync(marseille, "Gênes")).Id;
        }
        var certificate = DeploymentKit.WriteCertificate(_folder, "Nginx-test-2026");
        _firstPort = DeploymentKit.FreePort();
        _secondPort = DeploymentKit.FreePort();
        _nginx = await NginxProxy.StartAsync(_firstPort, _secondPort);
        _first = StartInstance("first", _firstPort, certificate);
        _second = StartInstance("second", _secondPort, certificate);
        await WaitReadyAsync(_first, _firstPort);
        await WaitReadyAsync(_second, _secondPort);
    }

    private AppProcess StartInstance(string name, int port, (string Pfx, string CertificatePem, string KeyPem, string Thumbprint) certificate) =>
        AppProcess.Start(name, new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Default"] = _database.ConnectionString,
            ["Site__PublicOrigin"] = _nginx.BaseAddress.ToString().TrimEnd('/'),
            ["DataProtection__Certificate__Path"] = certificate.CertificatePem,
            ["DataProtection__Certificate__KeyPath"] = certificate.KeyPem,
            ["Email__Delivery"] = "Smtp",
            ["Email__Host"] = "127.0.0.1",
            ["Email__Port"] = _mail.SmtpPort.ToString(CultureInfo.InvariantCulture),
            ["Email__Security"] = "None",
            ["Jobs__PollInterval"] = "00:00:00.2",
            ["Jobs__QueuePollInterval"] = "00:00:00.2",
            ["Jobs__SchedulePollInterval"] = "00:00:00.5",
            ["Jobs__InvisibilityTimeout"] = "00:00:30",
            // The account rate limit is per instance (README); nginx's strict alternation sends every form's post to the
            // same instance, and this test posts a dozen: not what it is about.
            ["Security__AccountRateLimit__PermitLimit"] = "1000",
        });

    private static async Task WaitReadyAsync(AppProcess app, int port)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var ready = await DeploymentKit.WaitUntilAsync(async () =>
        {
            if (app.HasExited)
            {
                return true;
            }
            try
            {
                return (await probe.GetAsync($"http://127.0.0.1:{port}/health/ready")).StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(250));
        Assert.True(ready && !app.HasExited, $"instance {app.Name} not ready:\n{string.Join('\n', app.Lines.TakeLast(30))}");
    }

    public async Task DisposeAsync()
    {
        foreach (var app in new[] { _first, _second })
        {
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
        if (_nginx is not null)
        {
            await _nginx.DisposeAsync();
        }
        await _mail.DisposeAsync();
        await _database.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    private HttpClient ThroughNginx(CookieContainer jar) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = jar }) { BaseAddress = _nginx.BaseAddress };

    /// <summary>GET straight to one instance, with the Host a visitor sends to nginx.</summary>
    private async Task<HttpResponseMessage> GetFromAsync(int port, string path)
    {
        using var direct = new HttpClient();
        var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}{path}");
        request.Headers.Host = _nginx.BaseAddress.Authority;
        return await direct.SendAsync(request);
    }

    private string[] Instances => [$"127.0.0.1:{_firstPort}", $"127.0.0.1:{_secondPort}"];

    [Fact]
    public async Task A_session_survives_being_switched_between_instances_an_edit_shows_at_once_on_both_and_each_job_runs_once()
    {
        var jar = new CookieContainer();
        using var browser = ThroughNginx(jar);

        // 1. Sign in through nginx: the form comes from one instance, the post goes to whichever is next.
        var signedIn = await browser.SignInAsync("/marseille", Admin);
        Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, $"sign-in through nginx: {(int)signedIn.StatusCode}");
        for (var i = 0; i < 6; i++)
        {
            var admin = await browser.GetAsync("/marseille/admin");
            Assert.True(admin.StatusCode == HttpStatusCode.OK, $"request {i} after sign-in: {(int)admin.StatusCode} (signed out by the other instance?)");
            Assert.Contains("Ville de Marseille — administration", await admin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var served = await _nginx.UpstreamsOfAsync("GET", "/marseille/admin");
        output.WriteLine($"/marseille/admin answered by: {string.Join(", ", served)}");
        Assert.Equal(6, served.Count);
        Assert.All(Instances, instance => Assert.Contains(instance, served)); // the session went back and forth

        // 2. Both instances serve the public page from memory; an edit made through nginx shows at once on both.
        foreach (var port in new[] { _firstPort, _secondPort })
        {
            var warm = await DeploymentKit.WaitUntilAsync(async () =>
            {
                var page = await GetFromAsync(port, "/marseille/partner-cities");
                return page.StatusCode == HttpStatusCode.OK && page.Headers.TryGetValues("X-Cache", out var cache) && cache.Single() == "hit";
            }, TimeSpan.FromSeconds(20));
            Assert.True(warm, $"the instance on {port} never served the public page from memory");
        }
        var edited = await browser.SubmitFormAsync($"/marseille/admin/partner-cities/{_genes}",
            new Dictionary<string, string?> { ["Form.Name"] = "Genova" }, "#city-form");
        Assert.True(edited.StatusCode == HttpStatusCode.Redirect, $"edit through nginx: {(int)edited.StatusCode}");
        foreach (var port in new[] { _firstPort, _secondPort })
        {
            // The other instance hears of it through PostgreSQL's NOTIFY: milliseconds, never a cache lifetime.
            var shown = await DeploymentKit.WaitUntilAsync(async () =>
                (await (await GetFromAsync(port, "/marseille/partner-cities")).Content.ReadAsStringAsync()).Contains("Genova", StringComparison.Ordinal),
                TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(50));
            Assert.True(shown, $"the instance on {port} still shows the old name");
        }

        // 3. Each job runs once: ten invitations posted through nginx, ten mail jobs, both instances' workers polling one queue.
        var invited = Enumerable.Range(1, 10).Select(i => $"colleague{i}@marseille.fr").ToList();
        foreach (var email in invited)
        {
            var invitation = await browser.SubmitFormAsync("/marseille/admin/team",
                new Dictionary<string, string?> { ["Name"] = "Camille " + email[..11], ["Email"] = email, ["Role"] = Roles.Editor }, "#invite-form");
            Assert.True(invitation.StatusCode == HttpStatusCode.OK, $"invitation of {email}: {(int)invitation.StatusCode}");
            Assert.Contains(email, await invitation.Content.ReadAsStringAsync(), StringComparison.Ordinal); // "invitation sent to …"
        }
        var done = await DeploymentKit.WaitUntilAsync(async () => await CountAsync("SELECT count(*) FROM jobs WHERE kind = 'email.send' AND state = 'succeeded'") == invited.Count,
            TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(250));
        Assert.True(done, "the ten mail jobs did not all succeed");
        Assert.Equal(invited.Count, await CountAsync("SELECT count(*) FROM jobs WHERE kind = 'email.send' AND attempts = 1"));
        // Every row ran once (a second run counts a second attempt) and every mail went out once.
        var mails = await _mail.WaitForCountAsync(invited.Count, TimeSpan.FromSeconds(30));
        Assert.Equal(invited.Count, mails.Count);
        Assert.Equal(invited.Order(), mails.Select(m => m.To.Single().Email).Order());
        Assert.False(_first.HasExited || _second.HasExited);
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
