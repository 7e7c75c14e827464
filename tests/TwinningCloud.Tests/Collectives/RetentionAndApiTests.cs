using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Collectives;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Modules;

namespace TwinningCloud.Tests.Collectives;

/// <summary>The retention job (run by the real worker) and the API (public data for anyone, members for staff only).</summary>
public sealed class RetentionAndApiTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task The_retention_job_purges_week_old_unconfirmed_sign_ups_and_members_of_collectives_archived_beyond_their_period()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var open = await Data.AddCollectiveAsync(bagnolet, "Collectif Akbou");
        var archivedLongAgo = await Data.AddCollectiveAsync(bagnolet, "Collectif ancien");
        var archivedRecently = await Data.AddCollectiveAsync(bagnolet, "Collectif récent");
        await Data.InTenantAsync(bagnolet, async db =>
        {
            var old = await db.Set<Collective>().SingleAsync(c => c.Id == archivedLongAgo.Id);
            old.IsArchived = true;
            old.ArchivedAt = DateTimeOffset.UtcNow.AddMonths(-13);
            var recent = await db.Set<Collective>().SingleAsync(c => c.Id == archivedRecently.Id);
            recent.IsArchived = true;
            recent.ArchivedAt = DateTimeOffset.UtcNow.AddMonths(-11);
            await db.SaveChangesAsync();
            return true;
        });
        var staleSignUp = await Data.AddCollectiveMemberAsync(bagnolet, open.Id, "stale@bagnolet.test", "Stale", MemberStatus.Unconfirmed);
        var freshSignUp = await Data.AddCollectiveMemberAsync(bagnolet, open.Id, "fresh@bagnolet.test", "Fresh", MemberStatus.Unconfirmed);
        var member = await Data.AddCollectiveMemberAsync(bagnolet, open.Id, "member@bagnolet.test", "Member");
        var oldMember = await Data.AddCollectiveMemberAsync(bagnolet, archivedLongAgo.Id, "old@bagnolet.test", "Old");
        var recentMember = await Data.AddCollectiveMemberAsync(bagnolet, archivedRecently.Id, "recent@bagnolet.test", "Recent");
        await Data.InTenantAsync(bagnolet, async db =>
        {
            await db.Set<CollectiveMember>().Where(m => m.Id == staleSignUp.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.CreatedAt, DateTimeOffset.UtcNow.AddDays(-8)));
            return true;
        });

        var source = App.Services.GetServices<IDailyJobSource>().OfType<CollectivesRetentionSchedules>().Single();
        var schedules = await source.AllAsync(App.Services, CancellationToken.None);
        var daily = Assert.Single(schedules, s => s.TenantId == bagnolet.Id);
        Assert.Equal((CollectivesRetention.Kind, 3, 30, bagnolet.TimeZoneId), (daily.Kind, daily.Hour, daily.Minute, daily.TimeZoneId));
        var job = await Data.AddJobAsync(bagnolet.Id, "retention now", JobState.Queued, kind: CollectivesRetention.Kind, runAt: DateTimeOffset.UtcNow);
        await Data.WaitForJobAsync(job.Id, JobState.Succeeded);

        var left = await Data.InTenantAsync(bagnolet, db => db.Set<CollectiveMember>().Select(m => m.Id).ToListAsync());
        Assert.Equal(new[] { freshSignUp.Id, member.Id, recentMember.Id }.Order(), left.Order());
        Assert.DoesNotContain(staleSignUp.Id, left);
        Assert.DoesNotContain(oldMember.Id, left);

        var off = await Data.SetModuleAsync(bagnolet, ModuleKeys.Collectives, on: false);
        Assert.DoesNotContain(await source.AllAsync(App.Services, CancellationToken.None), s => s.TenantId == off.Id);
    }

    [Fact]
    public async Task The_api_lists_public_collectives_to_anyone_and_members_only_to_staff()
    {
        var bagnolet = await Data.CreateCollectivesTownAsync();
        var open = await Data.AddCollectiveAsync(bagnolet, "Collectif Akbou");
        var archived = await Data.AddCollectiveAsync(bagnolet, "Collectif archivé");
        await Data.InTenantAsync(bagnolet, async db =>
        {
            (await db.Set<Collective>().SingleAsync(c => c.Id == archived.Id)).IsArchived = true;
            await db.SaveChangesAsync();
            return true;
        });
        await Data.AddCollectiveMemberAsync(bagnolet, open.Id, "member@bagnolet.test", "Member Person");
        using var anonymous = App.CreateClient();

        var list = await anonymous.GetFromJsonAsync<JsonElement>("/bagnolet/api/v1/collectives");
        var item = Assert.Single(list.EnumerateArray());
        Assert.Equal("Collectif Akbou", item.GetProperty("name").GetString());
        Assert.Equal(1, item.GetProperty("members").GetInt32());
        Assert.DoesNotContain("member@bagnolet.test", list.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/bagnolet/api/v1/collectives/{open.Id}/members")).StatusCode);

        await Data.CreateStaffAsync(bagnolet, "editor@bagnolet.fr", Roles.Editor);
        using var staff = App.CreateClient();
        await staff.SignInAsync("/bagnolet", "editor@bagnolet.fr");
        var members = await staff.GetFromJsonAsync<JsonElement>($"/bagnolet/api/v1/collectives/{open.Id}/members");
        Assert.Equal("member@bagnolet.test", Assert.Single(members.EnumerateArray()).GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/bagnolet/api/v1/collectives/{Guid.NewGuid()}/members")).StatusCode);
    }
}
