using Hangfire;
using Hangfire.Storage;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using TwinningCloud.Web.Platform.Email;

namespace TwinningCloud.Web.Platform.Observability;

/// <summary>
/// Hangfire's storage answers (PostgreSQL schema <c>hangfire</c>, or the embedded SQLite file): one small read
/// (the recurring jobs' set). Unhealthy when it fails: no job can be dispatched or run.
/// </summary>
internal sealed class JobStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var recurring = await Task.Run(() =>
            {
                using var connection = storage.GetConnection();
                return connection is JobStorageConnection c ? c.GetSetCount("recurring-jobs") : 0;
            }, cancellationToken).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            return HealthCheckResult.Healthy($"job storage answers ({recurring} recurring job(s))");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"job storage unavailable: {e.GetType().Name}", e);
        }
    }
}

/// <summary>
/// The SMTP server greets us (connect, EHLO, TLS and authentication as configured, QUIT) within
/// <see cref="ObservabilityOptions.MailCheckTimeout"/>. Registered with failure status <c>Degraded</c>: with the mail
/// server down the app still serves (mails wait in their jobs and are retried), so the instance stays in rotation.
/// With <c>Email:Delivery=Outbox</c> there is no server to check: healthy. A singleton: one SMTP session answers the
/// readiness probes of <see cref="CheckedFor"/> (a proxy probing every few seconds does not open a session each time).
/// </summary>
internal sealed class MailServerHealthCheck(IOptions<EmailOptions> email, IOptions<ObservabilityOptions> observability, TimeProvider clock) : IHealthCheck
{
    /// <summary>How long a check's answer stands.</summary>
    public static readonly TimeSpan CheckedFor = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _checking = new(1, 1);
    private (DateTimeOffset At, HealthStatus Status, string Description)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (email.Value.UsesOutbox)
        {
            return HealthCheckResult.Healthy("mails are kept in the outbox");
        }
        await _checking.WaitAsync(cancellationToken);
        try
        {
            if (_last is not { } last || clock.GetUtcNow() - last.At >= CheckedFor)
            {
                var (status, description) = await ProbeAsync(context.Registration.FailureStatus, cancellationToken);
                _last = last = (clock.GetUtcNow(), status, description);
            }
            return new HealthCheckResult(last.Status, last.Description);
        }
        finally
        {
            _checking.Release();
        }
    }

    private async Task<(HealthStatus, string)> ProbeAsync(HealthStatus failure, CancellationToken cancellationToken)
    {
        var o = email.Value;
        var limit = observability.Value.MailCheckTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        using var client = new SmtpClient { Timeout = (int)Math.Clamp(limit.TotalMilliseconds, 1, int.MaxValue) };
        try
        {
            await client.ConnectAsync(o.Host, o.Port, SmtpEmailSender.SocketOptions(o), timeout.Token);
            if (!string.IsNullOrEmpty(o.UserName))
            {
                await client.AuthenticateAsync(o.UserName, o.Password ?? "", timeout.Token);
            }
            await client.DisconnectAsync(quit: true, timeout.Token);
            return (HealthStatus.Healthy, "mail server answers");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return (failure, $"mail server {o.Host}:{o.Port} unavailable: {e.GetType().Name}");
        }
    }
}
