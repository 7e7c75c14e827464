using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Web;

namespace TwinningCloud.Web.Features.Collectives.Admin;

/// <summary>Creates or edits a collective (archiving it closes its page; its members stay until the retention period ends).</summary>
[Authorize(Policy = Policies.TenantStaff)]
public sealed class EditCollectiveModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public sealed class CollectiveForm
    {
        public string? Name { get; set; }
        public string? NameOther { get; set; }
        public string? Description { get; set; }
        public string? DescriptionOther { get; set; }
        public Guid? PartnerCityId { get; set; }
        public SignUpMode SignUpMode { get; set; } = SignUpMode.Open;
        public string? Capacity { get; set; }
        public List<AskedFields> Asked { get; set; } = [];
        public string? RetentionMonths { get; set; } = "12";
        public bool Archived { get; set; }
    }

    public static readonly string[] FieldOrder = ["Name", "NameOther", "Description", "DescriptionOther", "PartnerCityId", "Capacity", "RetentionMonths"];

    [BindProperty] public CollectiveForm Form { get; set; } = new();
    public Guid? Id { get; private set; }
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public IReadOnlyList<PartnerCity> Cities { get; private set; } = [];
    [TempData] public string? Saved { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid? id)
    {
        await LoadCitiesAsync();
        if (id is null)
        {
            return Page();
        }
        if (await db.Set<Collective>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, HttpContext.RequestAborted) is not { } c)
        {
            return NotFound();
        }
        Id = c.Id;
        Form = new CollectiveForm
        {
            Name = c.Name, NameOther = c.NameOther, Description = c.Description, DescriptionOther = c.DescriptionOther, PartnerCityId = c.PartnerCityId,
            SignUpMode = c.SignUpMode, Capacity = c.Capacity?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Asked = Enum.GetValues<AskedFields>().Where(f => f != AskedFields.None && c.AskedFields.HasFlag(f)).ToList(),
            RetentionMonths = c.RetentionMonths.ToString(System.Globalization.CultureInfo.InvariantCulture), Archived = c.IsArchived,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id)
    {
        await LoadCitiesAsync();
        Collective? collective = null;
        if (id is not null && (collective = await db.Set<Collective>().FirstOrDefaultAsync(c => c.Id == id, HttpContext.RequestAborted)) is null)
        {
            return NotFound();
        }
        Id = id;
        static bool Bad(string? v, int max, bool required = false) =>
            (required && string.IsNullOrWhiteSpace(v)) || (v is not null && (v.Trim().Length > max || SingleLineText.HasControlCharacters(v.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal))));
        if (Bad(Form.Name, 200, required: true))
        {
            Errors["Name"] = "collectives.error.title";
        }
        if (Bad(Form.NameOther, 200))
        {
            Errors["NameOther"] = "collectives.error.too-long";
        }
        if (Bad(Form.Description, 4000))
        {
            Errors["Description"] = "collectives.error.too-long";
        }
        if (Bad(Form.DescriptionOther, 4000))
        {
            Errors["DescriptionOther"] = "collectives.error.too-long";
        }
        if (Form.PartnerCityId is { } cityId && Cities.All(c => c.Id != cityId))
        {
            Errors["PartnerCityId"] = "collectives.error.city";
        }
        int? capacity = null;
        if (!string.IsNullOrWhiteSpace(Form.Capacity))
        {
            if (int.TryParse(Form.Capacity.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var cap) && cap is >= 1 and <= Collective.MaxCapacity)
            {
                capacity = cap;
            }
            else
            {
                Errors["Capacity"] = "collectives.error.capacity";
            }
        }
        if (!int.TryParse(Form.RetentionMonths?.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var months) || months is < 1 or > 120)
        {
            Errors["RetentionMonths"] = "collectives.error.retention";
        }
        if (!Enum.IsDefined(Form.SignUpMode))
        {
            Errors["SignUpMode"] = "collectives.error.mode";
        }
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var now = clock.GetUtcNow();
        if (collective is null)
        {
            collective = new Collective { Name = Form.Name!.Trim(), CreatedAt = now };
            db.Add(collective);
        }
        static string? Clean(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();
        collective.Name = Form.Name!.Trim();
        collective.NameOther = Clean(Form.NameOther);
        collective.Description = Clean(Form.Description);
        collective.DescriptionOther = Clean(Form.DescriptionOther);
        collective.PartnerCityId = Form.PartnerCityId;
        collective.SignUpMode = Form.SignUpMode;
        collective.Capacity = capacity;
        collective.AskedFields = Form.Asked.Where(Enum.IsDefined).Aggregate(AskedFields.None, (a, f) => a | f);
        collective.RetentionMonths = months;
        if (Form.Archived != collective.IsArchived)
        {
            collective.IsArchived = Form.Archived;
            collective.ArchivedAt = Form.Archived ? now : null;
        }
        collective.UpdatedAt = now;
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        Saved = "collectives.staff.saved";
        return Redirect($"{Request.PathBase}/admin/collectives/edit/{collective.Id}");
    }

    private async Task LoadCitiesAsync() =>
        Cities = await db.Set<PartnerCity>().AsNoTracking().OrderBy(c => c.Name).Take(500).ToListAsync(HttpContext.RequestAborted);
}
