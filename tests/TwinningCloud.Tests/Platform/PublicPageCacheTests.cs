using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Identity;

namespace TwinningCloud.Tests.Platform;

/// <summary>Public pages come from memory until their town's data changes, on any instance; then at once from the database.</summary>
public sealed class PublicPageCacheTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task A_public_page_is_served_from_memory_until_an_edit_which_shows_at_once()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var genes = await Data.AddPartnerCityAsync(marseille, "Gênes");
        using var visitor = App.CreateClient();

        Assert.Equal("miss", (await visitor.GetAsync("/marseille/partner-cities")).Headers.GetValues("X-Cache").Single());
        await PageCache.RequestsUntilHitAsync(visitor, "/marseille/partner-cities");

        await Data.InTenantAsync(marseille, async db =>
        {
            var city = await db.Set<PartnerCity>().SingleAsync(c => c.Id == genes.Id);
            city.Name = "Genova";
            return await db.SaveChangesAsync();
        });

        var after = await visitor.GetAsync("/marseille/partner-cities");
        Assert.Equal("miss", after.Headers.GetValues("X-Cache").Single());
        var html = await ReadAsync(after);
        Assert.Contains("Genova", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Gênes", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_from_memory_is_sent_gzipped_to_clients_that_accept_it_and_reads_the_same()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        await Data.AddPartnerCityAsync(marseille, "Gênes");
        using var visitor = App.CreateClient();
        var plain = await ReadAsync(await visitor.GetAsync("/marseille/partner-cities"));
        await PageCache.RequestsUntilHitAsync(visitor, "/marseille/partner-cities");

        var request = new HttpRequestMessage(HttpMethod.Get, "/marseille/partner-cities");
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        var zipped = await visitor.SendAsync(request);

        Assert.Equal("gzip", zipped.Content.Headers.ContentEncoding.Single());
        await using var gzip = new System.IO.Compression.GZipStream(await zipped.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        Assert.Equal(plain, await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task Signed_in_staff_and_language_switches_are_never_served_from_memory()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        await Data.CreateStaffAsync(marseille, "agent@marseille.fr", Roles.Editor);
        using var staff = App.CreateClient();
        await staff.SignInAsync("/marseille", "agent@marseille.fr");

        await staff.GetAsync("/marseille/");
        var again = await staff.GetAsync("/marseille/");
        var switched = await App.CreateClient().GetAsync("/marseille/?lang=en");

        // Every answer of a public page says where it came from: these were rendered.
        Assert.Equal("miss", again.Headers.GetValues("X-Cache").Single());
        Assert.Equal("miss", switched.Headers.GetValues("X-Cache").Single());
        Assert.Contains("Administration", await ReadAsync(again), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edit_made_on_one_instance_shows_at_once_on_another_instance()
    {
        var marseille = await Data.CreateTenantAsync("marseille");
        var genes = await Data.AddPartnerCityAsync(marseille, "Gênes");
        await using var second = new AppFactory(App.ConnectionString, new Dictionary<string, string> { ["Database:MigrateAtStartup"] = "false" });
        second.UseKestrel(0);
        second.StartServer();
        var address = second.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var onSecond = new HttpClient { BaseAddress = new Uri(address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal)) };
        var versions = second.Services.GetRequiredService<TwinningCloud.Web.Platform.Caching.TenantDataVersions>();
        for (var i = 0; i < 50 && !versions.CanCache; i++)
        {
            await Task.Delay(100); // the second instance connects its listener
        }
        await PageCache.RequestsUntilHitAsync(onSecond, "/marseille/partner-cities");

        // The edit happens on the first instance (its services, its connection).
        await Data.InTenantAsync(marseille, async db =>
        {
            (await db.Set<PartnerCity>().SingleAsync(c => c.Id == genes.Id)).Name = "Genova";
            return await db.SaveChangesAsync();
        });

        string html = string.Empty;
        for (var i = 0; i < 20; i++) // the notification travels through PostgreSQL: a few milliseconds
        {
            html = await onSecond.GetStringAsync("/marseille/partner-cities");
            if (html.Contains("Genova", StringComparison.Ordinal))
            {
                break;
            }
            await Task.Delay(50);
        }
        Assert.Contains("Genova", html, StringComparison.Ordinal);
    }
}
