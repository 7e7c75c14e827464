using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Platform.Localization;

namespace TwinningCloud.Web.Features.Register.Domains.Staff;

/// <summary>The town's vocabulary of cooperation domains (French and English): add, rename, delete when unused.</summary>
public sealed class DomainsModel(DomainVocabulary vocabulary, Texts T) : PageModel
{
    [BindProperty] public Guid DomainId { get; set; }
    [BindProperty] public string? NameFr { get; set; }
    [BindProperty] public string? NameEn { get; set; }
    [TempData] public string? Saved { get; set; }

    public IReadOnlyList<CooperationDomain> Domains { get; private set; } = [];
    public IReadOnlyDictionary<Guid, int> Usage { get; private set; } = new Dictionary<Guid, int>();
    /// <summary>The form the errors belong to: "new", or the id of the domain being renamed.</summary>
    public string? ErrorForm { get; private set; }
    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();
    public string? Problem { get; private set; }

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostAddAsync()
    {
        var result = await vocabulary.AddAsync(NameFr, NameEn, HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            return await FailAsync("new", result.Errors);
        }
        Saved = T["networks.domains.added", result.Value!.NameIn(Language)];
        return Redirect(Url.Content("~/admin/domains"));
    }

    public async Task<IActionResult> OnPostRenameAsync()
    {
        var result = await vocabulary.RenameAsync(DomainId, NameFr, NameEn, HttpContext.RequestAborted);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (!result.Succeeded)
        {
            return await FailAsync(DomainId.ToString(), result.Errors);
        }
        Saved = T["networks.domains.renamed", result.Value!.NameIn(Language)];
        return Redirect(Url.Content("~/admin/domains"));
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        var result = await vocabulary.DeleteAsync(DomainId, HttpContext.RequestAborted);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (!result.Succeeded)
        {
            var usedBy = (await vocabulary.UsageAsync(HttpContext.RequestAborted)).GetValueOrDefault(DomainId);
            Problem = T["networks.domains.error.in-use", result.Value!.NameIn(Language), usedBy];
            return await FailAsync(null, new Dictionary<string, string>());
        }
        Saved = T["networks.domains.deleted", result.Value!.NameIn(Language)];
        return Redirect(Url.Content("~/admin/domains"));
    }

    private static string Language => System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    private async Task<PageResult> FailAsync(string? form, IReadOnlyDictionary<string, string> errors)
    {
        ErrorForm = form;
        Errors = errors;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Domains = await vocabulary.ListAsync(HttpContext.RequestAborted);
        Usage = await vocabulary.UsageAsync(HttpContext.RequestAborted);
    }
}
