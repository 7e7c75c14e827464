using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Features.Federations.Directory;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Matching.Public;

/// <summary>One town seeking partners, with the towns the directory suggests to it.</summary>
public sealed record SeekingTown(TenantInfo Town, PartnerSearch Search, IReadOnlyList<Suggestion> Suggestions);

/// <summary>
/// Beside a federation's public directory: its listed members that published what they seek, each with the member towns
/// whose public partnerships and published searches fit, and why. Public data only (the directory's, and published
/// searches); 20 towns a page.
/// </summary>
public sealed class SeekingModel(FederationDirectory directory, PartnerSuggestions suggestions) : PageModel
{
    public const int PageSize = 20;
    public const int SuggestionsShown = 5;

    public MatchingData Data { get; private set; } = null!;
    public IReadOnlyList<SeekingTown> Towns { get; private set; } = [];
    public int Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int Pages { get; private set; } = 1;

    /// <summary>The page takes no post.</summary>
    public IActionResult OnPost() => NotFound();

    public async Task<IActionResult> OnGetAsync(string federation)
    {
        var ct = HttpContext.RequestAborted;
        if (await directory.FindForDirectoryAsync(federation, ct) is not { } found)
        {
            return NotFound();
        }
        Data = await suggestions.DataAsync(found, ct);
        var seeking = Data.Searches.Where(s => Data.Index.Members.ContainsKey(s.Key))
            .Select(s => (Town: Data.Index.Members[s.Key].Tenant, Search: s.Value))
            .OrderBy(s => s.Town.DisplayName, StringComparer.Create(CultureInfo.GetCultureInfo("fr"), true)).ToList();
        Total = seeking.Count;
        Pages = Math.Max(1, (Total + PageSize - 1) / PageSize);
        PageNumber = int.TryParse(Request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? Math.Clamp(p, 1, Pages) : 1;
        Towns = seeking.Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(s => new SeekingTown(s.Town, s.Search, PartnerSuggestions.For(Data, s.Town.Id, s.Search, SuggestionsShown))).ToList();
        return Page();
    }
}
