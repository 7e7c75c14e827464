using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Email;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Operator.Outbox;

/// <summary>One kept mail, shown as its text part with its links clickable (the HTML part is not rendered: no script, no tracking).</summary>
public sealed partial class OutboxMailModel(AppDbContext db) : PageModel
{
    public sealed record Part(string Text, bool IsLink);

    public OutboxEmail Mail { get; private set; } = null!;
    public IReadOnlyList<Part> Parts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var mail = await db.Set<OutboxEmail>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, HttpContext.RequestAborted);
        if (mail is null)
        {
            return NotFound();
        }
        Mail = mail;
        var parts = new List<Part>();
        var last = 0;
        foreach (Match link in Link().Matches(mail.TextBody))
        {
            parts.Add(new Part(mail.TextBody[last..link.Index], false));
            parts.Add(new Part(link.Value, true));
            last = link.Index + link.Length;
        }
        parts.Add(new Part(mail.TextBody[last..], false));
        Parts = parts;
        return Page();
    }

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex Link();
}
