using TwinningCloud.Web.Platform.Email;

namespace TwinningCloud.Web.Platform.Observability;

/// <summary>Counts what becomes of each mail (<c>twinning.mails.sent</c>, <c>twinning.mails.failed</c>) for the town of the work under way.</summary>
public sealed class MeteredEmailSender(IEmailSender inner, TwinningMetrics metrics) : IEmailSender
{
    /// <summary>The sender that delivers (SMTP or outbox).</summary>
    public IEmailSender Inner => inner;

    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        var town = CurrentTown.Value;
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
        var town = CurrentTown.Value;
        var outcomes = await inner.SendManyAsync(messages, ct);
        metrics.MailsSent(outcomes.Count(o => o.Sent), town);
        metrics.MailsFailed(outcomes.Count(o => o.Permanent), town, "permanent");
        metrics.MailsFailed(outcomes.Count(o => o.Transient), town, "transient");
        return outcomes;
    }

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
            return new MeteredEmailSender(inner, sp.GetRequiredService<TwinningMetrics>());
        }, registered.Lifetime));
    }
}
