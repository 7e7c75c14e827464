using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Register.PartnerCities.Staff;

/// <summary>Staff create (<c>/admin/partner-cities/new</c>) or change (<c>/admin/partner-cities/{id}</c>) a partner city, or delete it.</summary>
[RouteRecord(typeof(PartnerCity))]
public sealed class PartnerCityEditModel(AppDbContext db, PartnerCityEditor editor, Texts T) : PageModel
{
    /// <summary>The form's fields in order, for the error summary.</summary>
    public static readonly string[] FieldOrder =
        ["", "Name", "NameEn", "NameFr", "LocalName", "CountryCode", "Region", "Population", "PopulationYear", "LeaderTitle", "LeaderName", "Latitude", "Longitude", "Website", "Notes"];

    [FromRoute] public Guid? Id { get; set; }
    [BindProperty] public PartnerCityInput Form { get; set; } = new();
    public Dictionary<string, string> Errors { get; private set; } = [];
    public string? CityName { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (Id is { } id)
        {
            var city = await db.Set<PartnerCity>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, HttpContext.RequestAborted);
            if (city is null)
            {
                return NotFound();
            }
            Form = PartnerCityInput.From(city);
            CityName = city.Name;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (Id is { } existing && !await db.Set<PartnerCity>().AnyAsync(c => c.Id == existing, HttpContext.RequestAborted))
        {
            return NotFound();
        }
        // Number inputs send invariant numbers ("43.3") whatever the page's language: read them so.
        var bad = new Dictionary<string, string>();
        Form.Population = ReadNumber<long>("Population", bad, s => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : default(long?));
        Form.PopulationYear = ReadNumber<int>("PopulationYear", bad, s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : default(int?));
        Form.Latitude = ReadNumber<double>("Latitude", bad, s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : default(double?));
        Form.Longitude = ReadNumber<double>("Longitude", bad, s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : default(double?));
        var result = bad.Count > 0
            ? EditorResult.Invalid(Id, editor.Validate(Form).Concat(bad).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Last().Value))
            : await editor.SaveAsync(Id, Form, HttpContext.RequestAborted);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (!result.Succeeded)
        {
            return Invalid(result.Errors);
        }
        TempData["Saved"] = T["agreements.cities.saved", Form.Name!.Trim()];
        return RedirectToPage("Index");
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (Id is not { } id)
        {
            return NotFound();
        }
        var result = await editor.DeleteAsync(id, HttpContext.RequestAborted);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (!result.Succeeded)
        {
            var city = await db.Set<PartnerCity>().AsNoTracking().FirstAsync(c => c.Id == id, HttpContext.RequestAborted);
            Form = PartnerCityInput.From(city);
            CityName = city.Name;
            return Invalid(result.Errors);
        }
        TempData["Saved"] = T["agreements.cities.deleted"];
        return RedirectToPage("Index");
    }

    /// <summary>Errors in form order: (anchor, message).</summary>
    public IEnumerable<(string Anchor, string Message)> Summary =>
        Errors.OrderBy(e => Array.IndexOf(FieldOrder, e.Key)).Select(e => (e.Key.Length > 0 ? e.Key : "Name", T[e.Value]));

    public string? Error(string field) => Errors.TryGetValue(field, out var key) ? T[key] : null;

    private T? ReadNumber<T>(string field, Dictionary<string, string> bad, Func<string, T?> parse) where T : struct
    {
        var text = Request.Form["Form." + field].ToString().Trim().Replace(',', '.');
        if (text.Length == 0)
        {
            return null;
        }
        var value = parse(text);
        if (value is null)
        {
            bad[field] = "agreements.error.number";
        }
        return value;
    }

    public string? Number(double? value) => value?.ToString(CultureInfo.InvariantCulture);

    private PageResult Invalid(IReadOnlyDictionary<string, string> errors)
    {
        Errors = new Dictionary<string, string>(errors);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
