using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Features.Collectives.Coordinators;
using TwinningCloud.Web.Features.Collectives.Meetings;
using TwinningCloud.Web.Features.Collectives.MicroProjects;
using TwinningCloud.Web.Features.Collectives.Questions;
using TwinningCloud.Web.Platform.Demo;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Collectives;

/// <summary>
/// Citizen collectives (Bagnolet's "collectifs"): public pages with a double opt-in sign-up, "My collectives"
/// by magic link (leave, change, download, erase), staff pages, announcements by mail. Everything lives in this
/// folder; a town without the module sees no menu entry, every route answers 404 and no mail goes out.
/// </summary>
public sealed class CollectivesModule : PlatformModule
{
    /// <summary>Sign-up and sign-in-link posts: per client address and town.</summary>
    public const string SignUpRateLimit = "collectives.sign-up";

    public override string Key => ModuleKeys.Collectives;

    /// <summary>Its folders' access rules are its own conventions (not the folder-name rule).</summary>
    public override bool DeclaresPageAccess => true;

    public override IEnumerable<MenuEntry> PublicMenu => [new("/collectives", "collectives.nav")];

    public override IEnumerable<MenuEntry> StaffMenu => [new("/admin/collectives", "collectives.staff.nav")];

    public override IEnumerable<ApiScope> ApiScopes => [new("collectives.read", ApiAccess.Read)];

    public override IEnumerable<CliCommand> Commands =>
        [new("collectives-announce", "send an announcement to a collective's members (--tenant SLUG --collective ID [--subject S]; a benchmark's trigger)", AnnouncementCommand.RunAsync)];

    public override void MapEndpoints(IEndpointRouteBuilder group) => group.MapCollectivesApi();

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<CitizenTokens>();
        services.AddScoped<CollectiveMemberships>();
        services.AddSingleton<CollectiveGates>();
        services.AddScoped<CitizenSelfService>();
        services.AddSingleton<AddressRateLimit>();
        services.AddScoped<PublicCollectives>();
        services.AddScoped<AnnouncementSender>();
        services.AddJobHandler<CollectiveMail>(CollectiveMail.Kind);
        services.AddJobHandler<AnnouncementJob>(AnnouncementJob.Kind);
        services.AddJobHandler<CollectivesRetention>(CollectivesRetention.Kind);
        services.AddSingleton<IDailyJobSource, CollectivesRetentionSchedules>();
        services.AddScoped<IDemoDataContributor, CollectivesDemoData>();
        services.AddCollectiveCoordinators().AddCollectiveQuestions();
        services.AddCollectiveMeetings();
        services.AddCollectiveMicroProjects();
        services.Configure<RateLimiterOptions>(o =>
        {
            var permits = configuration.GetValue("Collectives:SignUpRateLimit:PermitLimit", 20);
            var window = TimeSpan.FromSeconds(configuration.GetValue("Collectives:SignUpRateLimit:WindowSeconds", 600));
            o.AddPolicy(SignUpRateLimit, http => HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    $"{http.Connection.RemoteIpAddress}|{http.RequestServices.GetRequiredService<TenantContext>().TenantId}",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter(string.Empty));
        });
    }
}

/// <summary>Bagnolet's demo: one collective per twinning, attached to its partner city (the seed document, 003).</summary>
internal sealed class CollectivesDemoData : IDemoDataContributor
{
    private static readonly (string City, string Fr, string En, SignUpMode Mode, int? Capacity)[] Bagnolet =
    [
        ("Sesto Fiorentino", "Collectif Sesto Fiorentino", "Sesto Fiorentino collective", SignUpMode.Open, null),
        ("Oranienburg", "Collectif Oranienburg", "Oranienburg collective", SignUpMode.Open, null),
        ("Chatila", "Collectif Chatila", "Chatila collective", SignUpMode.OnRequest, null),
        ("Massala", "Collectif Massala", "Massala collective", SignUpMode.Open, 40),
        ("Akbou", "Collectif Akbou", "Akbou collective", SignUpMode.Open, null),
        ("Le Robert", "Collectif Le Robert", "Le Robert collective", SignUpMode.Open, null),
    ];

    public async Task SeedAsync(TenantInfo tenant, IServiceProvider tenantServices, CancellationToken ct)
    {
        if (tenant.Slug != "bagnolet" || !tenant.HasModule(ModuleKeys.Collectives))
        {
            return;
        }
        var db = tenantServices.GetRequiredService<AppDbContext>();
        var cities = await db.Set<PartnerCity>().ToDictionaryAsync(c => c.Name, c => c.Id, ct);
        var parties = await db.Set<AgreementParty>().Select(p => new { p.PartnerCityId, p.AgreementId }).ToListAsync(ct);
        foreach (var (city, fr, en, mode, capacity) in Bagnolet)
        {
            var cityId = cities.GetValueOrDefault(city);
            db.Add(new Collective
            {
                Name = fr, NameOther = en, PartnerCityId = cityId == Guid.Empty ? null : cityId,
                AgreementId = parties.FirstOrDefault(p => p.PartnerCityId == cityId)?.AgreementId,
                Description = $"Les Bagnoletais et les associations qui veulent s'impliquer dans le jumelage avec {city} : s'informer, échanger avec les élus et les autres habitants, monter des projets et des micro-projets.",
                DescriptionOther = $"Bagnolet residents and associations who want to get involved in the twinning with {city}: keep informed, talk with elected officials and other residents, run projects and micro-projects.",
                SignUpMode = mode, Capacity = capacity,
                AskedFields = AskedFields.Neighbourhood | AskedFields.Languages | AskedFields.HowToHelp,
            });
        }
        await db.SaveChangesAsync(ct);
    }
}
