using Microsoft.AspNetCore.Mvc;
using TwinningCloud.Web.Features.Collectives.Coordinators;

namespace TwinningCloud.Web.Features.Collectives.Questions;

/// <summary>
/// The moderation queue of a collective's questions and proposals, for staff and for the collective's coordinators:
/// publish, reject, answer (answering publishes and mails the author). Rendered by <c>_Moderation</c>.
/// </summary>
public abstract class QuestionsPage(CollectiveArea area, CollectiveAreas areas, CollectiveQuestions questions)
    : ManagedCollectivePage(area, areas)
{
    [FromQuery(Name = "status")] public QuestionStatus Status { get; set; } = QuestionStatus.Pending;
    [TempData] public string? Notice { get; set; }
    public string? Error { get; private set; }
    public IReadOnlyList<CollectiveQuestions.QueueRow> Rows { get; private set; } = [];
    public Dictionary<QuestionStatus, int> Counts { get; private set; } = [];

    protected override string PageName => "questions";
    protected override string TitleKey => "coord.questions.title-of";

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public Task<IActionResult> OnPostPublishAsync(Guid id, Guid questionId) => ModerateAsync(id, questionId, true);

    public Task<IActionResult> OnPostRejectAsync(Guid id, Guid questionId) => ModerateAsync(id, questionId, false);

    public async Task<IActionResult> OnPostAnswerAsync(Guid id, Guid questionId, string? answer)
    {
        if (!await OpenAsync(id))
        {
            return NotFound();
        }
        if (string.IsNullOrWhiteSpace(answer) || answer.Trim().Length > CollectiveQuestion.MaxAnswer)
        {
            Error = "coord.error.answer";
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadAsync(id);
            return Page();
        }
        if (!await questions.AnswerAsync(id, questionId, answer, HttpContext.RequestAborted))
        {
            return NotFound();
        }
        Notice = "coord.questions.answered";
        return Back();
    }

    private async Task<IActionResult> ModerateAsync(Guid id, Guid questionId, bool publish)
    {
        if (!await OpenAsync(id) || !await questions.ModerateAsync(id, questionId, publish, HttpContext.RequestAborted))
        {
            return NotFound();
        }
        Notice = publish ? "coord.questions.published" : "coord.questions.rejected";
        return Back();
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return false;
        }
        Rows = await questions.QueueAsync(id, Enum.IsDefined(Status) ? Status : QuestionStatus.Pending, HttpContext.RequestAborted);
        Counts = await questions.CountsAsync(id, HttpContext.RequestAborted);
        return true;
    }
}
