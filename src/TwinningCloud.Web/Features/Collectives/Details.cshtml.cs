using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using TwinningCloud.Web.Platform.Email;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Web;

namespace TwinningCloud.Web.Features.Collectives;

/// <summary>One collective's public page and its sign-up form (double opt-in; the answer never says whether an address is known).</summary>
[AllowAnonymous]
[EnableRateLimiting(CollectivesModule.SignUpRateLimit)]
public sealed class CollectiveDetailsModel(PublicCollectives collectives, CollectiveMemberships memberships, Texts texts) : PageModel
{
    public const string ConsentVersion = "2026-11";

    public sealed class SignUpForm
    {
        public string? Kind { get; set; }
        public string? Name { get; set; }
        public string? AssociationName { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public string? Neighbourhood { get; set; }
        public string? LanguagesSpoken { get; set; }
        public string? HowToHelp { get; set; }
        public bool Consent { get; set; }
        /// <summary>The honeypot: hidden from people; a robot that fills it gets the usual answer and nothing happens.</summary>
        public string? Website { get; set; }
    }

    public static readonly string[] FieldOrder = ["Kind", "Name", "AssociationName", "Email", "Phone", "Neighbourhood", "LanguagesSpoken", "HowToHelp", "Consent"];

    public PublicCollectives.Card Card { get; private set; } = null!;
    public IReadOnlyList<string> Coordinators { get; private set; } = [];
    [BindProperty] public SignUpForm Form { get; set; } = new();
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    [FromQuery(Name = "sent")] public bool Sent { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        var collective = Card.Collective;
        if (collective.SignUpMode == SignUpMode.Closed)
        {
            return Page();
        }
        if (!string.IsNullOrEmpty(Form.Website))
        {
            return RedirectToPage(new { id, sent = true }); // a robot: the usual answer, nothing done
        }
        Validate(collective);
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var language = ContentLanguage.Reader == SupportedCultures.English ? SupportedCultures.English : SupportedCultures.French;
        var consent = texts.Get("collectives.consent", SupportedCultures.Culture(language));
        await memberships.SignUpAsync(collective, new SignUpInput(
            Form.Name!.Trim(), Form.Email!, Form.Kind == "association" ? Form.AssociationName!.Trim() : null,
            Form.Phone, Form.Neighbourhood, Form.LanguagesSpoken, Form.HowToHelp, language, consent, ConsentVersion), HttpContext.RequestAborted);
        return RedirectToPage(new { id, sent = true });
    }

    private void Validate(Collective collective)
    {
        static bool TooLong(string? v, int max) => v is not null && v.Trim().Length > max;
        if (Form.Kind is not ("person" or "association"))
        {
            Errors["Kind"] = "collectives.error.kind";
        }
        if (string.IsNullOrWhiteSpace(Form.Name) || TooLong(Form.Name, CollectiveMember.MaxLength) || SingleLineText.HasControlCharacters(Form.Name))
        {
            Errors["Name"] = "collectives.error.name";
        }
        if (Form.Kind == "association" && (string.IsNullOrWhiteSpace(Form.AssociationName) || TooLong(Form.AssociationName, CollectiveMember.MaxLength)))
        {
            Errors["AssociationName"] = "collectives.error.association";
        }
        if (!EmailAddresses.IsValid(Form.Email?.Trim()))
        {
            Errors["Email"] = "collectives.error.email";
        }
        if (collective.AskedFields.HasFlag(AskedFields.Phone) && TooLong(Form.Phone, 40))
        {
            Errors["Phone"] = "collectives.error.too-long";
        }
        if (TooLong(Form.Neighbourhood, CollectiveMember.MaxLength))
        {
            Errors["Neighbourhood"] = "collectives.error.too-long";
        }
        if (TooLong(Form.LanguagesSpoken, CollectiveMember.MaxLength))
        {
            Errors["LanguagesSpoken"] = "collectives.error.too-long";
        }
        if (TooLong(Form.HowToHelp, 1000))
        {
            Errors["HowToHelp"] = "collectives.error.too-long";
        }
        if (!Form.Consent)
        {
            Errors["Consent"] = "collectives.error.consent";
        }
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        if (await collectives.OneAsync(id, HttpContext.RequestAborted) is not { } card)
        {
            return false;
        }
        Card = card;
        Coordinators = await collectives.CoordinatorsAsync(id, HttpContext.RequestAborted);
        return true;
    }
}
