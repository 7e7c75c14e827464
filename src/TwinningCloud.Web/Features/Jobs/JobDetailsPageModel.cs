using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Localization;

namespace TwinningCloud.Web.Features.Jobs;

/// <summary>
/// One job, with Retry and Cancel (the tenant's page and the operator's differ only in their
/// <see cref="JobsQuery"/> and in how they write times and the tenant). A job outside the page's
/// scope is a 404 for GET and POST alike: the lookup is the action's own conditional UPDATE.
/// </summary>
public abstract partial class JobDetailsPageModel(JobsQuery jobs, Texts texts, ILogger logger) : PageModel
{
    protected Texts T { get; } = texts;

    [FromRoute] public long Id { get; set; }
    /// <summary>"retry" or "cancel".</summary>
    [BindProperty(Name = "command")] public string? Command { get; set; }
    [TempData] public string? Done { get; set; }
    public JobDetailsView View { get; private set; } = null!;

    /// <summary>The zone times are written in, its name, and (operator) whose job it is.</summary>
    protected abstract Task<(TimeZoneInfo Zone, string ZoneName, string? TenantName)> PresentAsync(Job job);

    /// <summary>Where the logs say it happened ("marseille", "platform").</summary>
    protected abstract string Side { get; }

    public async Task<IActionResult> OnGetAsync() =>
        await ShowAsync(Done, isError: false);

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        JobActionResult result;
        switch (Command)
        {
            case "retry":
                result = await jobs.RetryAsync(Id, ct);
                break;
            case "cancel":
                result = await jobs.CancelAsync(Id, ct);
                break;
            default:
                // Not a command of this page; still a 404 when the job is not this page's to show.
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return await ShowAsync(T["jobs.unknown-command"], isError: true);
        }
        switch (result.Outcome)
        {
            case JobActionOutcome.NotFound:
                return NotFound();
            case JobActionOutcome.Done:
                LogJobChanged(logger, Id, Command, Side, User.FindFirstValue(ClaimTypes.NameIdentifier));
                Done = Command == "retry" ? T["jobs.retried", Id] : T["jobs.cancelled", Id];
                return Redirect((Request.PathBase + Request.Path).ToUriComponent());
            default:
                Response.StatusCode = StatusCodes.Status409Conflict;
                var state = JobText.StateName(T, result.CurrentState!.Value);
                var message = Command == "retry" ? T["jobs.retry.refused", state] : T["jobs.cancel.refused", state];
                return await ShowAsync(message, isError: true);
        }
    }

    private async Task<IActionResult> ShowAsync(string? message, bool isError)
    {
        var job = await jobs.FindAsync(Id, HttpContext.RequestAborted);
        if (job is null)
        {
            return NotFound();
        }
        var (zone, zoneName, tenantName) = await PresentAsync(job);
        View = new JobDetailsView(job, zone, zoneName, tenantName, message, isError);
        return Page();
    }

    [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "Job {JobId}: {Command} by user {UserId} at {Side}")]
    private static partial void LogJobChanged(ILogger logger, long jobId, string? command, string side, string? userId);
}
