using System.Text;

namespace TwinningCloud.Web.Platform.Email;

/// <summary>
/// The rule for every value that goes into a mail header (subject, display names): a line break (CR, LF or
/// CRLF) becomes one space, NUL and the other control characters go. A title typed with a line break can
/// then neither break the mail nor add a header of its own.
/// </summary>
internal static class MailHeaders
{
    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        var sb = new StringBuilder(value.Length);
        var lastWasBreak = false;
        foreach (var c in value)
        {
            if (c is '\r' or '\n' or '\u2028' or '\u2029' or '\u0085')
            {
                if (!lastWasBreak)
                {
                    sb.Append(' ');
                }
                lastWasBreak = true;
                continue;
            }
            lastWasBreak = false;
            if (c == '\t')
            {
                sb.Append(' ');
            }
            else if (!char.IsControl(c))
            {
                sb.Append(c);
            }
        }
        return sb.ToString().Trim();
    }
}
