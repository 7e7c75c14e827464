using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.TagHelpers;
using Microsoft.AspNetCore.Razor.TagHelpers;
using TwinningCloud.Web.Platform.Localization;

namespace TwinningCloud.Web.Platform.Web;

/// <summary>
/// A form field: its label, its description and its error around one control, the control tied to them
/// (<c>id</c>, <c>aria-describedby</c>, <c>aria-invalid</c>). The pages' one copy of this markup:
/// <code>
/// &lt;tc-field for="Title" label="@T["agreements.field.title"]" hint="…" error="@Model.Error("Title")"&gt;
///     &lt;input name="Form.Title" value="@f.Title" required maxlength="300" /&gt;
/// &lt;/tc-field&gt;
/// </code>
/// renders <c>&lt;div class="field"&gt;&lt;label for="Title"&gt;…&lt;/label&gt;&lt;p class="hint" id="Title-hint"&gt;…&lt;/p&gt;&lt;input id="Title"
/// aria-describedby="Title-hint Title-error" aria-invalid="true" …/&gt;&lt;p class="field-error" id="Title-error"&gt;…&lt;/p&gt;&lt;/div&gt;</c>.
/// With <c>group</c>, a <c>fieldset</c> whose <c>legend</c> is the label (radio buttons, check boxes), described by the hint and error.
/// The error's id is <c>{for}-error</c>, so the error summary links to <c>#{for}</c>.
/// </summary>
[HtmlTargetElement("tc-field")]
public sealed class FieldTagHelper : TagHelper
{
    /// <summary>The control's id (given to the direct child input, select or textarea that has none).</summary>
    public string For { get; set; } = string.Empty;

    public string Label { get; set; } = string.Empty;

    /// <summary>A description under the label, or <c>null</c> (Razor hands an empty string for <c>@null</c>: none either).</summary>
    public string? Hint { get => _hint; set => _hint = string.IsNullOrEmpty(value) ? null : value; }

    /// <summary>The field's error message, or <c>null</c> (or empty) when it is valid.</summary>
    public string? Error { get => _error; set => _error = string.IsNullOrEmpty(value) ? null : value; }

    private string? _hint;
    private string? _error;

    /// <summary>A group of controls (radio buttons, check boxes): a fieldset with a legend instead of a label.</summary>
    public bool Group { get; set; }

    /// <summary>The ids that describe the control: the hint's and the error's, or <c>null</c>.</summary>
    internal string? DescribedBy =>
        string.Join(' ', new[] { Hint is null ? null : For + "-hint", Error is null ? null : For + "-error" }.OfType<string>()) is { Length: > 0 } ids ? ids : null;

    public override void Init(TagHelperContext context) => context.Items[typeof(FieldTagHelper)] = this;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var content = await output.GetChildContentAsync();
        output.TagName = Group ? "fieldset" : "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.AddClass("field", HtmlEncoder.Default);
        if (Group)
        {
            output.Attributes.SetAttribute("id", For);
            if (DescribedBy is { } ids)
            {
                output.Attributes.SetAttribute("aria-describedby", ids);
            }
            output.Content.AppendHtml("<legend>").Append(Label).AppendHtml("</legend>");
        }
        else
        {
            output.Content.AppendHtml("<label for=\"").Append(For).AppendHtml("\">").Append(Label).AppendHtml("</label>");
        }
        if (Hint is not null)
        {
            output.Content.AppendHtml("<p class=\"hint\" id=\"").Append(For + "-hint").AppendHtml("\">").Append(Hint).AppendHtml("</p>");
        }
        output.Content.AppendHtml(content);
        if (Error is not null)
        {
            output.Content.AppendHtml("<p class=\"field-error\" id=\"").Append(For + "-error").AppendHtml("\">").Append(Error).AppendHtml("</p>");
        }
    }
}

/// <summary>The control directly inside a <c>tc-field</c>: tied to the field's label, description and error.</summary>
[HtmlTargetElement("input", ParentTag = "tc-field")]
[HtmlTargetElement("select", ParentTag = "tc-field")]
[HtmlTargetElement("textarea", ParentTag = "tc-field")]
public sealed class FieldControlTagHelper : TagHelper
{
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (context.Items.TryGetValue(typeof(FieldTagHelper), out var item) is false || item is not FieldTagHelper field || field.Group
            || string.Equals(output.Attributes["type"]?.Value?.ToString(), "hidden", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        if (!output.Attributes.ContainsName("id"))
        {
            output.Attributes.SetAttribute("id", field.For);
        }
        if (field.Error is not null)
        {
            output.Attributes.SetAttribute("aria-invalid", "true");
        }
        var own = output.Attributes["aria-describedby"]?.Value?.ToString();
        if (string.Join(' ', new[] { own, field.DescribedBy }.Where(s => !string.IsNullOrEmpty(s))) is { Length: > 0 } ids)
        {
            output.Attributes.SetAttribute("aria-describedby", ids);
        }
    }
}

/// <summary>
/// The error summary at the top of a form: nothing when there is no error, else an alert (focusable, <c>#error-summary</c>)
/// titled "the form has errors" listing each error as a link to its field: <c>&lt;tc-error-summary errors="@Model.Summary" /&gt;</c>.
/// Other attributes (<c>autofocus</c>…) are kept.
/// </summary>
[HtmlTargetElement("tc-error-summary", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ErrorSummaryTagHelper(Texts texts) : TagHelper
{
    /// <summary>Each error: the id of its field (without <c>#</c>) and its message, in the form's order.</summary>
    public IEnumerable<(string Anchor, string Message)>? Errors { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var errors = Errors?.ToList() ?? [];
        if (errors.Count == 0)
        {
            output.SuppressOutput();
            return;
        }
        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.AddClass("alert", HtmlEncoder.Default);
        output.AddClass("alert-error", HtmlEncoder.Default);
        output.Attributes.SetAttribute("role", "alert");
        output.Attributes.SetAttribute("tabindex", "-1");
        output.Attributes.SetAttribute("id", "error-summary");
        output.Content.AppendHtml("<h2>").Append(texts["form.errors-title"]).AppendHtml("</h2><ul>");
        foreach (var (anchor, message) in errors)
        {
            output.Content.AppendHtml("<li><a href=\"#").Append(anchor).AppendHtml("\">").Append(message).AppendHtml("</a></li>");
        }
        output.Content.AppendHtml("</ul>");
    }
}

/// <summary>
/// The breadcrumb: the links up to the current page, then the current page.
/// <code>
/// &lt;tc-breadcrumb current="@T["team.title"]"&gt;
///     &lt;a href="~/admin"&gt;@T["admin.title"]&lt;/a&gt;
/// &lt;/tc-breadcrumb&gt;
/// </code>
/// renders <c>&lt;nav aria-label="(breadcrumb)" class="breadcrumb"&gt;&lt;ol&gt;&lt;li&gt;&lt;a …&gt;…&lt;/a&gt;&lt;/li&gt;&lt;li aria-current="page"&gt;…&lt;/li&gt;&lt;/ol&gt;&lt;/nav&gt;</c>.
/// </summary>
[HtmlTargetElement("tc-breadcrumb")]
public sealed class BreadcrumbTagHelper(Texts texts) : TagHelper
{
    /// <summary>The current page's name (the last item, not a link).</summary>
    public string Current { get; set; } = string.Empty;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var links = await output.GetChildContentAsync();
        output.TagName = "nav";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("aria-label", texts["layout.breadcrumb"]);
        output.AddClass("breadcrumb", HtmlEncoder.Default);
        output.Content.AppendHtml("<ol>").AppendHtml(links)
            .AppendHtml("<li aria-current=\"page\">").Append(Current).AppendHtml("</li></ol>");
    }
}

/// <summary>Each link of a <c>tc-breadcrumb</c> is an item of its list.</summary>
[HtmlTargetElement("a", ParentTag = "tc-breadcrumb")]
public sealed class BreadcrumbLinkTagHelper : TagHelper
{
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.PreElement.AppendHtml("<li>");
        output.PostElement.AppendHtml("</li>");
    }
}
