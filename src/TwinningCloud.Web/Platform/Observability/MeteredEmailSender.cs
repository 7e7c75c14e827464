using TwinningCloud.Web.Platform.Email;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.Observability;

/// <summary>
/// Counts what becomes of each mail (<c>twinning.mails.sent</c>, <c>twinning.mails.failed</c>) for the town of the work
/// under way (<see cref="TenantContext.Ambient"/>, the one ambient town that the suspended-town guard and the outbox read too).
/// </summary>
internal sealed class MeteredEmailSender(IEmailSender inner, TwinningMetrics metrics, TenantCatalog catalog) : IEmailSender
{
    /// <summary>The sender that delivers (SMTP or outbox).</summary>
    public IEmailSender Inner => inner;

    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        var town = await TownAsync(ct);
        try
        {
            await inner.SendAsync(message, ct);
        }
        catch (EmailDeliveryException e)
        {
            metrics.MailsFailed(1, town, e is PermanentEmailException ? "permanent" : "transient");
            throw;
        }
        metrics.MailsSent(1, town);
    }

    public async Task<IReadOnlyList<EmailOutcome>> SendManyAsync(IReadOnlyList<EmailMessage> messages, CancellationToken ct = default)
    {
        var town = await TownAsync(ct);
        var outcomes = await inner.SendManyAsync(messages, ct);
        metrics.MailsSent(outcomes.Count(o => o.Sent), town);
        metrics.MailsFailed(outcomes.Count(o => o.Permanent), town, "permanent");
        metrics.MailsFailed(outcomes.Count(o => o.Transient), town, "transient");
        return outcomes;
    }

    private async Task<string?> TownAsync(CancellationToken ct) =>
        TenantContext.Ambient is { } id ? (await catalog.FindByIdAsync(id, ct))?.Slug : null;

    /// <summary>Wraps the registered <see cref="IEmailSender"/> (SMTP or outbox) in this counter.</summary>
    public static void Decorate(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IEmailSender))
            ?? throw new InvalidOperationException("Register the mail sender (AddAppEmail) before observability.");
        services.Remove(registered);
        services.Add(new ServiceDescriptor(typeof(IEmailSender), sp =>
        {
            var inner = registered.ImplementationInstance as IEmailSender
                ?? (registered.ImplementationFactory is { } factory ? (IEmailSender)factory(sp)
                : (IEmailSender)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!));
            return new MeteredEmailSender(inner, sp.GetRequiredService<TwinningMetrics>(), sp.GetRequiredService<TenantCatalog>());
        }, registered.Lifetime));
    }
}
