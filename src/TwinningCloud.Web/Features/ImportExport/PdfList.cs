using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace TwinningCloud.Web.Features.ImportExport;

/// <summary>
/// The printable list as a PDF (PDFsharp), A4, with DejaVu Sans embedded in the assembly
/// (Features/ImportExport/Fonts, free licence): no system font needed, accents and all.
/// </summary>
public static class PdfList
{
    private const string Family = "DejaVu Sans";
    private static readonly Lock FontLock = new();

    public static byte[] Render(string title, string subtitle, IReadOnlyList<PrintableList.CityGroup> groups, string emptyText)
    {
        EnsureFonts();
        var options = new XPdfFontOptions(PdfFontEncoding.Unicode);
        var titleFont = new XFont(Family, 16, XFontStyleEx.Bold, options);
        var headingFont = new XFont(Family, 12, XFontStyleEx.Bold, options);
        var boldFont = new XFont(Family, 9.5, XFontStyleEx.Bold, options);
        var font = new XFont(Family, 9.5, XFontStyleEx.Regular, options);

        using var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Creator = "TwinningCloud";
        var writer = new PageWriter(document);
        writer.Write(title, titleFont, 0, 6);
        writer.Write(subtitle, font, 0, 12);
        if (groups.Count == 0)
        {
            writer.Write(emptyText, font, 0, 6);
        }
        foreach (var group in groups)
        {
            writer.KeepSpace(80);
            writer.Write(group.Heading, headingFont, 0, 4);
            foreach (var entry in group.Agreements)
            {
                writer.Write($"{entry.Kind} — {entry.Title}", boldFont, 10, 1);
                if (entry.SignedText is not null)
                {
                    writer.Write(entry.SignedText, font, 20, 1);
                }
                foreach (var history in entry.History)
                {
                    writer.Write(history, font, 20, 1);
                }
                writer.Space(3);
            }
            foreach (var line in new[] { group.Leader, group.Population, group.Domains }.OfType<string>())
            {
                writer.Write(line, font, 10, 1);
            }
            writer.Space(10);
        }
        writer.Close();
        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    /// <summary>Writes wrapped lines top to bottom, adding pages as needed.</summary>
    private sealed class PageWriter(PdfDocument document)
    {
        private const double Margin = 50;
        private PdfPage? _page;
        private XGraphics? _gfx;
        private double _y;

        private XGraphics Gfx
        {
            get
            {
                if (_gfx is null)
                {
                    NewPage();
                }
                return _gfx!;
            }
        }

        private void NewPage()
        {
            _gfx?.Dispose();
            _page = document.AddPage();
            _page.Size = PdfSharp.PageSize.A4;
            _gfx = XGraphics.FromPdfPage(_page);
            _y = Margin;
        }

        public void KeepSpace(double height)
        {
            _ = Gfx;
            if (_y + height > _page!.Height.Point - Margin)
            {
                NewPage();
            }
        }

        public void Space(double height) => _y += height;

        public void Write(string text, XFont font, double indent, double after)
        {
            var gfx = Gfx;
            var width = _page!.Width.Point - 2 * Margin - indent;
            var lineHeight = font.GetHeight() * 1.15;
            foreach (var line in Wrap(gfx, text, font, width))
            {
                if (_y + lineHeight > _page.Height.Point - Margin)
                {
                    NewPage();
                    gfx = _gfx!;
                }
                gfx.DrawString(line, font, XBrushes.Black, new XRect(Margin + indent, _y, width, lineHeight), XStringFormats.TopLeft);
                _y += lineHeight;
            }
            _y += after;
        }

        public void Close() => _gfx?.Dispose();

        private static IEnumerable<string> Wrap(XGraphics gfx, string text, XFont font, double width)
        {
            var line = "";
            foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && gfx.MeasureString(candidate, font).Width > width)
                {
                    yield return line;
                    line = word;
                }
                else
                {
                    line = candidate;
                }
            }
            if (line.Length > 0)
            {
                yield return line;
            }
        }
    }

    private static void EnsureFonts()
    {
        lock (FontLock)
        {
            if (GlobalFontSettings.FontResolver is not EmbeddedFontResolver)
            {
                GlobalFontSettings.FontResolver = new EmbeddedFontResolver();
            }
        }
    }

    /// <summary>Serves DejaVu Sans (regular, bold) from the assembly; fails clearly if the font is not embedded.</summary>
    private sealed class EmbeddedFontResolver : IFontResolver
    {
        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(bold ? "DejaVuSans-Bold" : "DejaVuSans");

        public byte[]? GetFont(string faceName)
        {
            using var stream = typeof(PdfList).Assembly.GetManifestResourceStream($"TwinningCloud.Web.Fonts.{faceName}.ttf")
                ?? throw new InvalidOperationException($"The PDF font '{faceName}.ttf' is not embedded (Features/ImportExport/Fonts).");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
