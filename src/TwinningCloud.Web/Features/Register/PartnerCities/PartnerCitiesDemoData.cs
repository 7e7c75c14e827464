using System.Text.Json;
using TwinningCloud.Web.Platform.Demo;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Register.PartnerCities;

/// <summary>Loads <c>DemoData/{slug}.json</c> (transcribed from the seed documents) into a demo tenant.</summary>
internal sealed class PartnerCitiesDemoData(IWebHostEnvironment environment) : IDemoDataContributor
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task SeedAsync(TenantInfo tenant, IServiceProvider tenantServices, CancellationToken ct)
    {
        var file = Path.Combine(AppContext.BaseDirectory, "Features", "Register", "PartnerCities", "DemoData", $"{tenant.Slug}.json");
        if (!File.Exists(file))
        {
            file = Path.Combine(environment.ContentRootPath, "Features", "Register", "PartnerCities", "DemoData", $"{tenant.Slug}.json");
        }
        if (!File.Exists(file))
        {
            return;
        }
        await using var stream = File.OpenRead(file);
        var cities = await JsonSerializer.DeserializeAsync<List<PartnerCity>>(stream, Json, ct) ?? [];
        var db = tenantServices.GetRequiredService<AppDbContext>();
        db.AddRange(cities);
        await db.SaveChangesAsync(ct);
    }
}
