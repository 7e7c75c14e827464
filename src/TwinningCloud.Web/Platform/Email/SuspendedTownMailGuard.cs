using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Email;

/// <summary>
/// Wraps the configured sender: a mail sent for a town (the ambient tenant of the request, job or command, see
/// <see cref="TenantContext.Ambient"/>) that is suspended — or no longer exists — does not go out; it fails as a permanent
/// error, so a job records it and does not retry. The town's queued jobs do not run either (JobRunner cancels them);
/// this also stops a job that was already running when the operator suspended the town (the catalog is told at once).
/// </summary>
internal sealed class SuspendedTownMailGuard(IEmailSender inner, TenantCatalog tenants) : IEmailSender
{
    /// <summary>The sender that delivers (SMTP or the outbox).</summary>
    public IEmailSender Inner => inner;

    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        if (await RefusalAsync(ct) is { } refusal)
        {
            throw refusal;
        }
        await inner.SendAsync(message, ct);
    }

    public async Task<IReadOnlyList<EmailOutcome>> SendManyAsync(IReadOnlyList<EmailMessage> messages, CancellationToken ct = default)
    {
        if (await RefusalAsync(ct) is { } refusal)
        {
            return messages.Select(m => new EmailOutcome(m, refusal)).ToList();
        }
        return await inner.SendManyAsync(messages, ct);
    }

    private async Task<PermanentEmailException?> RefusalAsync(CancellationToken ct)
    {
        if (TenantContext.Ambient is not { } tenantId)
        {
            return null;
        }
        var tenant = await tenants.FindByIdAsync(tenantId, ct);
        if (tenant is null)
        {
            tenants.Invalidate(); // a town created a moment ago on another instance
            tenant = await tenants.FindByIdAsync(tenantId, ct);
        }
        return tenant switch
        {
            null => new PermanentEmailException($"Town {tenantId} no longer exists: its mails do not go out."),
            { IsActive: false } => new PermanentEmailException($"Town '{tenant.Slug}' is suspended: its mails do not go out."),
            _ => null,
        };
    }
}
