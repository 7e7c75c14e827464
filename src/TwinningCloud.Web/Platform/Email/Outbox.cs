using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Platform.Email;

/// <summary>A mail kept in the database instead of sent (embedded default), for the operator's outbox page.</summary>
public sealed class OutboxEmail
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string To { get; set; }
    public string? FromName { get; set; }
    public required string Subject { get; set; }
    public required string TextBody { get; set; }
    public required string HtmlBody { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    /// <summary>The town the mail was sent for (null: the platform's own), so that a town's deletion removes its mails.</summary>
    public Guid? TenantId { get; set; }
}

internal sealed class OutboxEmailConfiguration : IEntityTypeConfiguration<OutboxEmail>
{
    public void Configure(EntityTypeBuilder<OutboxEmail> b)
    {
        b.ToTable("outbox_emails");
        b.HasKey(e => e.Id);
        b.HasIndex(e => e.CreatedAt);
        b.HasIndex(e => e.TenantId);
        b.Property(e => e.To).HasMaxLength(320);
        b.Property(e => e.FromName).HasMaxLength(200);
        b.Property(e => e.Subject).HasMaxLength(500);
    }
}

/// <summary>Keeps every mail in <c>outbox_emails</c>: a newcomer follows an invitation link without a mail server.</summary>
internal sealed class OutboxEmailSender(IServiceScopeFactory scopes, ILogger<OutboxEmailSender> logger) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        var outcome = (await SendManyAsync([message], ct))[0];
        if (outcome.Error is { } error)
        {
            throw error;
        }
    }

    /// <summary>Keeps the mails in one transaction; headers cleaned as the SMTP sender cleans them.</summary>
    public async Task<IReadOnlyList<EmailOutcome>> SendManyAsync(IReadOnlyList<EmailMessage> messages, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        foreach (var message in messages)
        {
            db.Add(new OutboxEmail
            {
                To = MailHeaders.Clean(message.To), FromName = message.FromDisplayName is null ? null : MailHeaders.Clean(message.FromDisplayName),
                Subject = MailHeaders.Clean(message.Subject), TextBody = message.TextBody, HtmlBody = message.HtmlBody,
                TenantId = Tenancy.TenantContext.Ambient,
            });
        }
        await db.SaveChangesAsync(ct);
        foreach (var message in messages)
        {
            logger.LogInformation("Mail '{Subject}' kept in the outbox", MailHeaders.Clean(message.Subject));
        }
        return messages.Select(m => new EmailOutcome(m, null)).ToList();
    }
}

internal static class EmailSetup
{
    public static IServiceCollection AddAppEmail(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("Email");
        services.Configure<EmailOptions>(section);
        // The sender that delivers (the outbox or SMTP), behind the suspended-town guard.
        var deliverer = (section.Get<EmailOptions>()?.UsesOutbox ?? new EmailOptions().UsesOutbox) ? typeof(OutboxEmailSender) : typeof(SmtpEmailSender);
        services.AddSingleton(deliverer);
        services.AddSingleton<IEmailSender>(sp => new SuspendedTownMailGuard((IEmailSender)sp.GetRequiredService(deliverer), sp.GetRequiredService<Tenancy.TenantCatalog>()));
        return services;
    }
}
