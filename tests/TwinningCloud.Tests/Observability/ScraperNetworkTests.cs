using System.Net;
using System.Net.Sockets;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Observability;

namespace TwinningCloud.Tests.Observability;

/// <summary>
/// An app of its own whose scrapers' network is loopback (<c>Observability:MetricsNetworks</c>) and whose SMTP server
/// is down (nothing listens on its port).
/// </summary>
public sealed class ScrapersOnLoopbackApp : AppFixture
{
    public ScrapersOnLoopbackApp() => Settings = new Dictionary<string, string>
    {
        ["Observability:MetricsNetworks:0"] = "10.0.0.0/8",
        ["Observability:MetricsNetworks:1"] = "127.0.0.0/8",
        ["Observability:MailCheckTimeout"] = "00:00:03",
        ["Email:Port"] = ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A loopback port nothing listens on (taken from the system, then released).</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

public sealed class ScraperNetworkTests(ScrapersOnLoopbackApp app) : IClassFixture<ScrapersOnLoopbackApp>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_request_from_a_configured_network_scrapes_without_signing_in()
    {
        using var scraper = app.CreateClient();

        var response = await scraper.GetAsync(MetricsScrapeTests.Path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("twinning_http_requests_total", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_mail_server_down_readiness_is_degraded_and_still_answers_200()
    {
        using var probe = app.CreateClient();

        var ready = await probe.GetAsync("/health/ready");
        var live = await probe.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", await ready.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
    }
}

public sealed class MetricsNetworksTests
{
    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("192.168.1.9", true)]
    [InlineData("192.168.2.9", false)]
    [InlineData("::ffff:10.9.9.9", true)] // an IPv4 client seen through a dual-stack socket
    [InlineData("fd00::1", true)]
    [InlineData("8.8.8.8", false)]
    public void Only_addresses_inside_the_configured_networks_are_admitted(string address, bool admitted)
    {
        var networks = new MetricsNetworks(Microsoft.Extensions.Options.Options.Create(new ObservabilityOptions
        {
            MetricsNetworks = ["10.0.0.0/8", "192.168.1.0/24", "fd00::/8"],
        }));

        Assert.Equal(admitted, networks.Admits(IPAddress.Parse(address)));
    }

    [Fact]
    public void Without_networks_nobody_is_admitted_by_address()
    {
        var networks = new MetricsNetworks(Microsoft.Extensions.Options.Options.Create(new ObservabilityOptions()));

        Assert.False(networks.Admits(IPAddress.Loopback));
    }

    [Fact]
    public void A_malformed_network_stops_the_app_at_start()
    {
        Assert.Throws<InvalidOperationException>(() => new MetricsNetworks(Microsoft.Extensions.Options.Options.Create(new ObservabilityOptions { MetricsNetworks = ["10.0.0.0/33"] })));
    }
}
