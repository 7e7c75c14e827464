using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Email;

namespace TwinningCloud.Tests.Email;

public sealed class SmtpEmailSenderTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task A_mail_reaches_the_real_SMTP_server_with_text_and_html_parts_in_UTF8()
    {
        var sender = App.Services.GetRequiredService<IEmailSender>();
        var to = $"agent-{Guid.NewGuid():N}@marseille.example.org";

        await sender.SendAsync(new EmailMessage(to, "Révision de l'accord avec Gênes", "Bonjour,\nl'accord sera révisé le 10 juillet.",
            "<p>Bonjour,</p><p>l'accord sera révisé le <strong>10 juillet</strong>.</p>", "Ville de Marseille"));

        var mail = await MailDev.WaitForAsync(to);
        Assert.Equal("Révision de l'accord avec Gênes", mail.Subject);
        Assert.Contains("l'accord sera révisé le 10 juillet.", mail.Text);
        Assert.Contains("<strong>10 juillet</strong>", mail.Html);
        Assert.Equal("Ville de Marseille", mail.From.Single().Name);
    }

    [Fact]
    public void The_test_host_sends_through_SMTP_not_the_pickup_folder()
    {
        var options = App.Services.GetRequiredService<IOptions<EmailOptions>>().Value;

        Assert.Equal("Smtp", options.Delivery);
        Assert.Equal(TestEnvironment.SmtpPort, options.Port);
    }
}
