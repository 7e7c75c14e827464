using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TwinningCloud.Web.Platform.Email;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Operator.Outbox;

/// <summary>The operator reads the mails the embedded default kept instead of sending (newest first).</summary>
public sealed class OutboxModel(AppDbContext db, IOptions<EmailOptions> options) : PageModel
{
    public bool Enabled => options.Value.UsesOutbox;
    public IReadOnlyList<OutboxEmail> Mails { get; private set; } = [];

    public async Task OnGetAsync() =>
        Mails = await db.Set<OutboxEmail>().AsNoTracking().OrderByDescending(m => m.CreatedAt).Take(200).ToListAsync(HttpContext.RequestAborted);
}
