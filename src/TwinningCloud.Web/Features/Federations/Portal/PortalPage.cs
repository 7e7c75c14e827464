using System.Globalization;
using Microsoft.AspNetCore.Html;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TwinningCloud.Web.Features.Collectives;

namespace TwinningCloud.Web.Features.Federations.Portal;

/// <summary>
/// One section of a federation's public portal (presentation, objectives, history, organisation, contacts), written in
/// Markdown in French and in English by the federation's admins and editors, shown sanitized (<see cref="AnnouncementMarkdown"/>).
/// Owned by the federation (platform side): every read names the federation.
/// </summary>
public sealed class FederationPortalPage
{
    public const int MaxBody = 20_000;

    public Guid FederationId { get; set; }
    /// <summary>One of <see cref="PortalSections.All"/>.</summary>
    public required string Section { get; set; }
    public string? BodyFr { get; set; }
    public string? BodyEn { get; set; }
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}

/// <summary>The portal's fixed sections, in the order of its navigation (the first is the portal's home).</summary>
public static class PortalSections
{
    public const string Presentation = "presentation";
    public static readonly IReadOnlyList<string> All = [Presentation, "objectives", "history", "organisation", "contacts"];

    public static bool IsKnown(string? section) => section is not null && All.Contains(section);
}

/// <summary>A text written in both languages, as the reader sees it: their language, else the other one marked with its <c>lang</c>.</summary>
public sealed record Bilingual(string Text, string? Lang)
{
    public static Bilingual? Of(string? fr, string? en)
    {
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        var (mine, other, otherLang) = english ? (en, fr, "fr") : (fr, en, "en");
        if (!string.IsNullOrWhiteSpace(mine))
        {
            return new Bilingual(mine, null);
        }
        return string.IsNullOrWhiteSpace(other) ? null : new Bilingual(other, otherLang);
    }

    /// <summary>The text read as sanitized Markdown (no raw HTML, links http, https and mailto only).</summary>
    public HtmlString Html => new(AnnouncementMarkdown.ToHtml(Text));
}

/// <summary>
/// A link of the portal's navigation. Each portal section registers its own (<c>services.AddSingleton(new PortalLink(...))</c>)
/// and <c>_PortalNav.cshtml</c> lists them all, by <see cref="Order"/>: the one place where sections hook in.
/// </summary>
/// <param name="TextKey">the link's text (a key of the texts files)</param>
/// <param name="Path">the address under <c>/federations/{slug}/</c>: "portal" (the home page), "portal/members", "portal/events",
/// "documents"…; also the <see cref="PortalPageModel.Current"/> of the page it leads to</param>
/// <param name="Order">position in the navigation (sections 0–49, members 50, events 60; documents, calls… after)</param>
public sealed record PortalLink(string TextKey, string Path, int Order);

internal sealed class FederationPortalPageConfiguration : IEntityTypeConfiguration<FederationPortalPage>
{
    public void Configure(EntityTypeBuilder<FederationPortalPage> b)
    {
        b.ToTable("federation_portal_pages");
        b.HasKey(p => new { p.FederationId, p.Section });
        b.Property(p => p.Section).HasMaxLength(32);
        b.Property(p => p.BodyFr).HasMaxLength(FederationPortalPage.MaxBody);
        b.Property(p => p.BodyEn).HasMaxLength(FederationPortalPage.MaxBody);
        b.HasOne<Federation>().WithMany().HasForeignKey(p => p.FederationId).OnDelete(DeleteBehavior.Cascade);
    }
}
