using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace TwinningCloud.Tests.Infrastructure;

/// <summary>Reads the mail the real SMTP server (MailDev) received, through its HTTP API.</summary>
public static class MailDev
{
    private static readonly HttpClient Http = new() { BaseAddress = TestEnvironment.MailDevUrl };

    public sealed record Address([property: JsonPropertyName("address")] string Email, [property: JsonPropertyName("name")] string? Name);

    public sealed record Mail(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("subject")] string Subject,
        [property: JsonPropertyName("text")] string? Text,
        [property: JsonPropertyName("html")] string? Html,
        [property: JsonPropertyName("to")] IReadOnlyList<Address> To,
        [property: JsonPropertyName("from")] IReadOnlyList<Address> From);

    /// <summary>The first link of the mail's text part.</summary>
    public static string LinkIn(Mail mail) =>
        System.Text.RegularExpressions.Regex.Match(mail.Text ?? string.Empty, @"https?://\S+").Value is { Length: > 0 } link
            ? link
            : throw new InvalidOperationException($"No link in the mail '{mail.Subject}'.");

    /// <summary>A new address nobody used before in this run (MailDev keeps every mail of the run).</summary>
    public static string NewAddress(string who, string domain = "marseille.fr") => $"{who}-{Guid.NewGuid():N}"[..(who.Length + 9)] + "@" + domain;

    /// <summary>The mail as the SMTP server received it (headers and MIME parts).</summary>
    public static Task<string> SourceAsync(Mail mail) => Http.GetStringAsync($"/api/email/{mail.Id}/source");

    public static async Task<IReadOnlyList<Mail>> AllAsync() =>
        await Http.GetFromJsonAsync<List<Mail>>("/api/email") ?? [];

    /// <summary>Waits (up to <paramref name="timeout"/>) for a mail to <paramref name="to"/> matching <paramref name="match"/>.</summary>
    public static async Task<Mail> WaitForAsync(string to, Func<Mail, bool>? match = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var found = (await AllAsync()).LastOrDefault(m => m.To.Any(a => string.Equals(a.Email, to, StringComparison.OrdinalIgnoreCase)) && (match?.Invoke(m) ?? true));
            if (found is not null)
            {
                return found;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No mail to {to} arrived at MailDev.");
            }
            await Task.Delay(100);
        }
    }
}
