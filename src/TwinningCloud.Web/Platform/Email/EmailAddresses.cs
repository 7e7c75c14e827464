using System.ComponentModel.DataAnnotations;

namespace TwinningCloud.Web.Platform.Email;

/// <summary>The one rule for an email address typed by a person (forms, imports, API).</summary>
public static class EmailAddresses
{
    private static readonly EmailAddressAttribute Rule = new();

    public static bool IsValid([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? email) =>
        !string.IsNullOrWhiteSpace(email) && email.Length <= 320 && !email.Contains(' ', StringComparison.Ordinal)
        && !Web.SingleLineText.HasControlCharacters(email) && Rule.IsValid(email);
}
