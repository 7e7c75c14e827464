using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TwinningCloud.Web.Features.Operator.Tenants;

/// <summary>The operator creates a tenant or changes one: name, language, time zone, hosts, status (suspend), modules, branding.</summary>
[RequestSizeLimit(4 * 1024 * 1024)]
public sealed class TenantEditModel(TenantEditor editor) : PageModel
{
    [FromRoute] public Guid? Id { get; set; }
    [BindProperty] public TenantForm Form { get; set; } = new();
    public IFormFile? Logo { get; set; }
    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();
    public bool HasLogo { get; private set; }
    /// <summary>The town's publication state (its admins publish it; the operator only sees it). Null for a new town.</summary>
    public bool? InPreparation { get; private set; }
    /// <summary>The fields in form order, so the error summary lists them as the form shows them.</summary>
    public string[] FieldOrder { get; } = ["", "DisplayName", "Slug", "DefaultCulture", "TimeZoneId", "Status", "Modules", "HostNames", "BrandColor", "Latitude", "Longitude", "Logo"];
    public IEnumerable<string> TimeZones => TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Order();

    public async Task<IActionResult> OnGetAsync()
    {
        if (Id is { } id)
        {
            var tenant = await editor.FindAsync(id, HttpContext.RequestAborted);
            if (tenant is null)
            {
                return NotFound();
            }
            Form = TenantForm.From(tenant);
            HasLogo = tenant.LogoContent is { Length: > 0 };
            InPreparation = tenant.InPreparation;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? logo)
    {
        LogoUpload? upload = null;
        if (logo is { Length: > 0 })
        {
            if (logo.Length > TenantEditor.MaxLogoBytes)
            {
                upload = new LogoUpload([], TooLarge: true); // reported, never read
            }
            else
            {
                using var buffer = new MemoryStream();
                await logo.CopyToAsync(buffer, HttpContext.RequestAborted);
                upload = new LogoUpload(buffer.ToArray());
            }
        }
        var result = await editor.SaveAsync(Id, Form, upload, HttpContext.RequestAborted);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (!result.Succeeded)
        {
            Errors = result.Errors;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            var existing = Id is { } id ? await editor.FindAsync(id, HttpContext.RequestAborted) : null;
            HasLogo = existing?.LogoContent is { Length: > 0 };
            return Page();
        }
        TempData["Saved"] = Form.DisplayName;
        return RedirectToPage("Index");
    }
}
