using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TwinningCloud.Web.Platform.Tenancy;

// tools/bench/tenants/run: 10,000 towns in one process. See ../README.md for what each figure means.
internal static class TenantsBench
{
    public static async Task<int> Main()
    {
        var connection = Environment.GetEnvironmentVariable("BENCH_CONNECTION") ?? throw new InvalidOperationException("BENCH_CONNECTION is not set");
        var port = int.Parse(Environment.GetEnvironmentVariable("BENCH_APP_PORT") ?? "5392", CultureInfo.InvariantCulture);
        var towns = int.Parse(Environment.GetEnvironmentVariable("BENCH_TOWNS") ?? "10000", CultureInfo.InvariantCulture);
        var duration = Environment.GetEnvironmentVariable("BENCH_DURATION") ?? "15s";
        var script = Environment.GetEnvironmentVariable("BENCH_WRK_SCRIPT") ?? throw new InvalidOperationException("BENCH_WRK_SCRIPT is not set");
        const int Few = 10;

        await Seed.TownsAsync(connection, 1, Few);
        await using var app = new BenchApp(connection, $"http://127.0.0.1:{port}");
        app.UseKestrel(port);
        app.StartServer();
        var baseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        var catalog = app.Services.GetRequiredService<TenantCatalog>();
        using var http = new HttpClient { BaseAddress = baseAddress };

        Console.WriteLine($"== {Few} towns");
        await Resolve.EveryTownAsync(http, 1, Few, byHost: false); // warms the pages and the catalogue
        var heapFew = Memory.Live();
        var few = Wrk.Run(baseAddress, script, duration, Few);

        Console.WriteLine($"== {towns:N0} towns");
        var seeded = Stopwatch.StartNew();
        await Seed.TownsAsync(connection, Few + 1, towns);
        Console.WriteLine($"seeded {towns - Few:N0} more towns in {seeded.Elapsed.TotalSeconds:F1} s");
        catalog.Invalidate();
        var load = Stopwatch.StartNew();
        var all = await catalog.AllAsync();
        load.Stop();
        if (all.Count != towns)
        {
            throw new InvalidOperationException($"The catalogue holds {all.Count} towns, not {towns}.");
        }
        var heapAll = Memory.Live();
        var perTown = (heapAll - heapFew) / (double)(towns - Few);

        var lookups = await Resolve.InCatalogueAsync(catalog, towns);
        var byPath = await Resolve.EveryTownAsync(http, 1, towns, byHost: false);
        var byHost = await Resolve.EveryTownAsync(http, 1, towns, byHost: true);
        var heapVisited = Memory.Live();
        var many = Wrk.Run(baseAddress, script, duration, Few);
        var manyRandom = Wrk.Run(baseAddress, script, duration, towns);

        static string Ms(double ms) => ms.ToString("F3", CultureInfo.InvariantCulture);
        Console.WriteLine();
        Console.WriteLine($"RESULT memory per idle town: {perTown:F0} bytes (managed heap after a full collection: {heapFew / 1024.0 / 1024:F1} MiB with {Few} towns, {heapAll / 1024.0 / 1024:F1} MiB with {towns:N0}; goal <= 5,120 bytes)");
        Console.WriteLine($"RESULT memory per town once each was visited by path and by host: {(heapVisited - heapFew) / (double)(towns - Few):F0} bytes (heap {heapVisited / 1024.0 / 1024:F1} MiB)");
        Console.WriteLine($"RESULT catalogue load of {towns:N0} towns: {load.Elapsed.TotalMilliseconds:F0} ms");
        Console.WriteLine($"RESULT lookup in the catalogue: by slug {Ms(lookups.SlugNs / 1000.0)} µs, by host {Ms(lookups.HostNs / 1000.0)} µs (mean over {towns:N0} towns)");
        Console.WriteLine($"RESULT resolve every town over HTTP (GET /robots.txt, 4 at a time, answer checked): by path {byPath.Seconds:F1} s ({Ms(byPath.MeanMs)} ms each), by host {byHost.Seconds:F1} s ({Ms(byHost.MeanMs)} ms each)");
        Console.WriteLine($"RESULT public page, {Few} towns in the catalogue: {few}");
        Console.WriteLine($"RESULT public page, {towns:N0} towns in the catalogue (the same {Few} towns): {many}");
        Console.WriteLine($"RESULT public page, {towns:N0} towns in the catalogue (any of the {towns:N0}, mostly page-cache misses at first): {manyRandom}");
        var goal = perTown <= 5120 ? "yes" : "no";
        Console.WriteLine($"TARGET memory per idle town <= 5 KB: {goal}");
        return 0;
    }
}

/// <summary>The app as the run command starts it (PostgreSQL, no demo data, mails kept in the outbox).</summary>
internal sealed class BenchApp(string connection, string origin) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Database:Provider", "Postgres");
        builder.UseSetting("ConnectionStrings:Default", connection);
        builder.UseSetting("Database:MigrateAtStartup", "false");
        builder.UseSetting("Seed:Demo", "false");
        builder.UseSetting("Email:Delivery", "Outbox");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Site:PublicOrigin", origin); // configured, as every deployment has it
    }
}

internal static class Memory
{
    /// <summary>Live managed bytes after full, compacting collections.</summary>
    public static long Live()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

internal static class Seed
{
    /// <summary>Towns town-FROM … town-TO: a tenant, a host name (town-N.bench.test), the agreements module, and a public page's worth of data for the first ten.</summary>
    public static async Task TownsAsync(string connection, int from, int to)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var tx = await db.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand(Sql, db, tx))
        {
            command.Parameters.AddWithValue("from", from);
            command.Parameters.AddWithValue("to", to);
            command.CommandTimeout = 600;
            await command.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
    }

    private const string Sql = """
        CREATE TEMP TABLE new_towns ON COMMIT DROP AS
        SELECT gen_random_uuid() AS id, g AS n FROM generate_series(@from, @to) g;
        INSERT INTO tenants (id, slug, display_name, default_culture, time_zone_id, status, brand_color, calendar_feed_token, latitude, longitude, created_at, updated_at)
        SELECT id, 'town-' || n, 'Commune n° ' || n, CASE WHEN n % 5 = 0 THEN 'en' ELSE 'fr' END, 'Europe/Paris', 'Active', '#1d4f91',
               md5(random()::text || n), 43 + (n % 7), -1 + (n % 8), now(), now()
        FROM new_towns;
        INSERT INTO tenant_hosts (host_name, tenant_id) SELECT 'town-' || n || '.bench.test', id FROM new_towns;
        INSERT INTO tenant_modules (tenant_id, module_key) SELECT id, 'agreements' FROM new_towns;
        INSERT INTO partner_cities (tenant_id, id, name, slug, country_code, region, population, population_year, latitude, longitude, is_public, created_at, updated_at)
        SELECT t.id, gen_random_uuid(), 'Partenaire ' || c, 'partenaire-' || c, (ARRAY['IT','DE','ES','MA','SN'])[1 + c % 5], 'Region ' || c,
               10000 + c * 1000, 2020, 40 + c, c * 3, true, now(), now()
        FROM new_towns t CROSS JOIN generate_series(1, 5) c WHERE t.n <= 10;
        """;
}

internal static class Resolve
{
    /// <summary>Mean nanoseconds of one catalogue lookup by slug and by host, over every town.</summary>
    public static async Task<(double SlugNs, double HostNs)> InCatalogueAsync(TenantCatalog catalog, int towns)
    {
        var slugs = Enumerable.Range(1, towns).Select(n => "town-" + n.ToString(CultureInfo.InvariantCulture)).ToArray();
        var hosts = slugs.Select(s => s + ".bench.test").ToArray();
        async Task<double> Time(Func<string, ValueTask<TenantInfo?>> find, string[] keys)
        {
            for (var round = 0; round < 2; round++) // the first round warms up
            {
                var watch = Stopwatch.StartNew();
                foreach (var key in keys)
                {
                    if (await find(key) is null)
                    {
                        throw new InvalidOperationException($"{key} was not found in the catalogue.");
                    }
                }
                if (round == 1)
                {
                    return watch.Elapsed.TotalNanoseconds / keys.Length;
                }
            }
            return 0;
        }
        return (await Time(s => catalog.FindBySlugAsync(s), slugs), await Time(h => catalog.FindByHostAsync(h), hosts));
    }

    /// <summary>GET /robots.txt of every town, by path (/town-N/robots.txt) or by host (town-N.bench.test); each answer must name the town's own site (its host name).</summary>
    public static async Task<(double Seconds, double MeanMs)> EveryTownAsync(HttpClient http, int from, int to, bool byHost)
    {
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(from, to - from + 1), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (n, ct) =>
        {
            var slug = "town-" + n.ToString(CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Get, byHost ? "/robots.txt" : $"/{slug}/robots.txt");
            if (byHost)
            {
                request.Headers.Host = slug + ".bench.test";
            }
            using var response = await http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode || !body.Contains($"//{slug}.bench.test", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{request.RequestUri} ({(byHost ? "by host" : "by path")}) answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
            }
        });
        return (watch.Elapsed.TotalSeconds, watch.Elapsed.TotalMilliseconds * 4 / (to - from + 1));
    }
}

internal static class Wrk
{
    /// <summary>wrk, 2 threads, 32 connections, on the public partner-cities page of a random town among the first <paramref name="towns"/>.</summary>
    public static string Run(Uri baseAddress, string script, string duration, int towns)
    {
        var start = new ProcessStartInfo("wrk", ["-t2", "-c32", "-d" + duration, "--latency", "-s", script, baseAddress.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
        };
        start.Environment["BENCH_TOWNS"] = towns.ToString(CultureInfo.InvariantCulture);
        using var wrk = Process.Start(start)!;
        var output = wrk.StandardOutput.ReadToEnd();
        wrk.WaitForExit();
        var rps = output.Split('\n').FirstOrDefault(l => l.StartsWith("Requests/sec:", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?";
        var p99 = output.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith("99%", StringComparison.Ordinal))?.Trim()[3..].Trim() ?? "?";
        var answers = output.Split('\n').FirstOrDefault(l => l.StartsWith("Answers:", StringComparison.Ordinal)) ?? "";
        return $"{rps} req/s, p99 {p99} ({answers.Trim()})";
    }
}
