using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using TwinningCloud.Tests.Infrastructure;

namespace TwinningCloud.Tests.Observability;

/// <summary>The JSON logs of the app run as a deployment runs it: a trace id on every line, security events marked as such.</summary>
[Trait("Category", TestCategories.Process)]
public sealed class JsonLogTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task Every_line_carries_the_trace_id_and_security_events_their_category()
    {
        await using var process = AppProcess.Start("logs", new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Default"] = App.ConnectionString,
            ["Jobs__RunWorker"] = "false",
            ["Email__Delivery"] = "Smtp",
            ["Email__Host"] = TestEnvironment.SmtpHost,
            ["Email__Port"] = TestEnvironment.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.True(await process.WaitForLineAsync("Now listening on", TimeSpan.FromMinutes(2)), string.Join('\n', process.Lines.TakeLast(30)));
        var address = Regex.Match(string.Join('\n', process.Lines), @"Now listening on: (http://[0-9.:]+)").Groups[1].Value;
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "unknown-host.example"; // refused with a security event (4101)
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(await process.WaitForLineAsync("\"EventId\":4101,", TimeSpan.FromSeconds(30)), string.Join('\n', process.Lines.TakeLast(30)));
        var entries = process.Lines.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.True(entries.Count >= 2, string.Join('\n', process.Lines));
        Assert.All(entries, e =>
        {
            Assert.Equal(JsonValueKind.String, e.GetProperty("TraceId").ValueKind);
            Assert.True(e.GetProperty("EventCategory").GetString() is "security" or "application", e.ToString());
        });
        var refused = Assert.Single(entries, e => e.GetProperty("EventId").GetInt32() == 4101);
        Assert.Matches("^[0-9a-f]{32}$", refused.GetProperty("TraceId").GetString()); // the request's trace (not yet the caller's traceparent: see the report)
        Assert.Equal(16, refused.GetProperty("SpanId").GetString()!.Length);
        Assert.Equal("security", refused.GetProperty("EventCategory").GetString());
        var listening = entries.First(e => e.GetProperty("Message").GetString()!.StartsWith("Now listening on", StringComparison.Ordinal));
        Assert.Equal("application", listening.GetProperty("EventCategory").GetString());
        Assert.Equal("", listening.GetProperty("TraceId").GetString()); // start-up: outside any trace
    }
}
