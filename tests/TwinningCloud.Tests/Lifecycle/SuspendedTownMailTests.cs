using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Reminders;
using TwinningCloud.Web.Platform.Email;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Lifecycle;

public sealed class SuspendedTownMailTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task A_suspended_towns_mails_do_not_go_out_and_go_out_again_once_it_is_active()
    {
        var marseille = await Data.CreateTenantAsync("marseille", modules: TestData.WithReminders);
        var admin = MailDev.NewAddress("admin");
        await Data.CreateStaffAsync(marseille, admin, Roles.TenantAdmin);
        await Data.AddAgreementReviewedInAsync(marseille, "Serment Marseille–Gênes", 7);
        await SetStatusAsync(marseille.Id, TenantStatus.Suspended);

        // Work that began before the suspension (its scope still says "active") plans a reminder: its mail job does not run.
        var planned = await Data.SweepRemindersAsync(marseille);
        Assert.Equal(1, planned.JobsEnqueued);
        var job = await InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Jobs.AsNoTracking().SingleAsync(j => j.TenantId == marseille.Id && j.Kind == ReminderMail.Kind));
        await Data.WaitForJobAsync(job.Id, JobState.Cancelled);
        // A mail sent for the town by code that runs anyway (a job already running, a command) is refused by the sender itself.
        var direct = MailDev.NewAddress("direct");
        await Assert.ThrowsAsync<PermanentEmailException>(() => Data.InTenantScopeAsync(marseille, async sp =>
        {
            await sp.GetRequiredService<IEmailSender>().SendAsync(new EmailMessage(direct, "Marseille, suspended", "text", "<p>html</p>"));
            return true;
        }));
        var many = await Data.InTenantScopeAsync(marseille, sp => sp.GetRequiredService<IEmailSender>().SendManyAsync([new EmailMessage(direct, "Marseille, batch", "t", "<p>h</p>")]));
        Assert.True(many.Single().Permanent);
        // The platform's own mails still go out (no town), so the server was there to receive them.
        var platform = MailDev.NewAddress("platform");
        await App.Services.GetRequiredService<IEmailSender>().SendAsync(new EmailMessage(platform, "Platform mail", "text", "<p>html</p>"));
        await MailDev.WaitForAsync(platform);
        Assert.DoesNotContain(await MailDev.AllAsync(), m => m.To.Any(t => t.Email == admin || t.Email == direct));

        // Active again: the same job, run again, delivers (so the test above could have seen a mail).
        await SetStatusAsync(marseille.Id, TenantStatus.Active);
        await Data.RunJobNowAsync(job.Id);
        await Data.WaitForJobAsync(job.Id, JobState.Succeeded);
        await MailDev.WaitForAsync(admin, m => m.Subject.Contains("Serment Marseille–Gênes", StringComparison.Ordinal));
    }

    private async Task SetStatusAsync(Guid tenantId, TenantStatus status)
    {
        await InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var tenant = await db.Tenants.SingleAsync(t => t.Id == tenantId);
            tenant.Status = status;
            tenant.UpdatedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync(); // tells every instance's catalogue (ADR 0006)
            return true;
        });
        App.Services.GetRequiredService<TenantCatalog>().Invalidate();
    }

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }
}
