using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Collectives.Coordinators;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Collectives.Questions;

/// <summary>
/// A collective's members-only page ("My collectives" session, confirmed members only; 404 for anyone else): the
/// published questions and proposals with their answers, and a form to post one (moderated before it shows).
/// </summary>
[AllowAnonymous]
[CitizenSessionPage]
[EnableRateLimiting(CollectivesModule.SignUpRateLimit)]
public sealed class ExchangeModel(CollectiveAreas areas, AppDbContext db, CollectiveQuestions questions) : PageModel
{
    public Collective Collective { get; private set; } = null!;
    public CollectiveMember Member { get; private set; } = null!;
    public IReadOnlyList<CollectiveQuestion> Published { get; private set; } = [];
    public IReadOnlyList<CollectiveQuestion> Mine { get; private set; } = [];
    [BindProperty] public QuestionKind? Kind { get; set; }
    [BindProperty] public string? Body { get; set; }
    [TempData] public string? Notice { get; set; }
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        if (Kind is not { } kind || !Enum.IsDefined(kind))
        {
            Errors["Kind"] = "coord.error.kind";
        }
        if (string.IsNullOrWhiteSpace(Body) || Body.Trim().Length > CollectiveQuestion.MaxBody)
        {
            Errors["Body"] = "coord.error.body";
        }
        if (Errors.Count == 0 && await questions.PostAsync(Member, Kind!.Value, Body!, HttpContext.RequestAborted) == CollectiveQuestions.PostOutcome.TooMany)
        {
            Errors["Body"] = "coord.error.too-many-questions";
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        Notice = "coord.questions.posted";
        return Redirect($"{Request.PathBase}/collectives/{id}/exchange");
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (await areas.SessionEmailAsync(Request) is not { } email
            || await db.Set<CollectiveMember>().AsNoTracking().FirstOrDefaultAsync(m => m.CollectiveId == id && m.Email == email && m.Status == MemberStatus.Member, ct) is not { } member
            || await db.Set<Collective>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) is not { } collective)
        {
            return false;
        }
        (Member, Collective) = (member, collective);
        Published = await questions.PublishedAsync(id, ct);
        Mine = await questions.UnpublishedOfAsync(member.Id, ct);
        return true;
    }
}
