using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Web.Features.Federations;
using TwinningCloud.Web.Features.Federations.Portal;
using TwinningCloud.Web.Features.Federations.Portal.Events;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Tests.Infrastructure;

/// <summary>A federation's portal: its sections and its events (the towns' delegates are registered through the pages).</summary>
public sealed partial class TestData
{
    /// <summary>An event of <paramref name="federation"/> (published, registration open by default) starting in <paramref name="inDays"/> days.</summary>
    public async Task<FederationEvent> AddFederationEventAsync(
        Federation federation, string title, int inDays = 30, bool published = true, bool registrationOpen = true, int maxPerTown = 3, string place = "Marseille", string? programme = null)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var ev = new FederationEvent
        {
            FederationId = federation.Id, TitleFr = title, StartsOn = today.AddDays(inDays), EndsOn = today.AddDays(inDays + 1), Place = place, CountryCode = "FR",
            IsPublished = published, RegistrationOpen = registrationOpen, MaxDelegatesPerTown = maxPerTown, ProgrammeFr = programme,
        };
        db.Add(ev);
        await db.SaveChangesAsync();
        return ev;
    }

    public async Task SetPortalSectionAsync(Federation federation, string section, string? fr, string? en)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Add(new FederationPortalPage { FederationId = federation.Id, Section = section, BodyFr = fr, BodyEn = en });
        await db.SaveChangesAsync();
    }

    /// <summary>Every town's delegates for an event (the federation's view, bypassing the tenant filter for the test's check).</summary>
    public async Task<List<EventDelegate>> DelegatesAsync(Guid eventId)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<EventDelegate>().IgnoreQueryFilters([AppDbContext.TenantFilter])
            .AsNoTracking().Where(d => d.EventId == eventId).OrderBy(d => d.RegisteredAt).ToListAsync();
    }
}
