using System.Reflection;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace TwinningCloud.Web.Features.Register.Outputs;

/// <summary>
/// The printable list as a PDF (A4), drawn with PDFsharp 6.2 (MIT) in DejaVu Sans, a Unicode font shipped
/// in <c>Fonts/</c> (Bitstream Vera licence, see <c>Fonts/LICENSE.txt</c>) and embedded as a subset: names
/// outside Latin-1 (Gdańsk, Πειραιάς, Одеса) and the French thousands separator (a narrow no-break space)
/// print as typed, whatever fonts the server or the reader has.
/// </summary>
public static class PdfList
{
    private const double Margin = 50;
    private const string Family = "DejaVu Sans";

    static PdfList()
    {
        // Process-wide and set once, before the first font is used.
        GlobalFontSettings.FontResolver ??= new EmbeddedFonts();
    }

    public static byte[] Render(string title, string subtitle, IReadOnlyList<PrintableList.CityGroup> groups, string emptyText)
    {
        using var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Creator = "TwinningCloud";
        using (var writer = new PageWriter(document))
        {
            writer.Write(title, bold: true, size: 16, indent: 0, after: 6);
            writer.Write(subtitle, bold: false, size: 10, indent: 0, after: 12);
            if (groups.Count == 0)
            {
                writer.Write(emptyText, bold: false, size: 10, indent: 0, after: 6);
            }
            foreach (var group in groups)
            {
                writer.KeepSpace(80);
                writer.Write(group.Heading, bold: true, size: 12, indent: 0, after: 4);
                foreach (var entry in group.Agreements)
                {
                    writer.Write($"{entry.Kind} – {entry.Title}", bold: true, size: 9.5, indent: 10, after: 1);
                    foreach (var line in new[] { entry.SignedText }.Concat(entry.History).OfType<string>())
                    {
                        writer.Write(line, bold: false, size: 9.5, indent: 20, after: 1);
                    }
                    writer.Space(3);
                }
                foreach (var line in new[] { group.Leader, group.Population, group.Domains }.OfType<string>())
                {
                    writer.Write(line, bold: false, size: 9.5, indent: 10, after: 1);
                }
                writer.Space(10);
            }
        }
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>Lays out word-wrapped lines top to bottom, measured in the real font, adding pages as needed.</summary>
    private sealed class PageWriter(PdfDocument document) : IDisposable
    {
        private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
        private readonly Dictionary<(bool, double), XFont> _fonts = [];
        private XGraphics? _gfx;
        private PdfPage? _page;
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

        public void KeepSpace(double height)
        {
            if (_gfx is not null && _y + height > _page!.Height.Point - Margin)
            {
                NewPage();
            }
        }

        public void Space(double height) => _y += height;

        public void Write(string text, bool bold, double size, double indent, double after)
        {
            var font = Font(bold, size);
            var gfx = Gfx;
            var lineHeight = size * 1.3;
            var width = _page!.Width.Point - (2 * Margin) - indent;
            foreach (var line in Wrap(gfx, text, font, width))
            {
                if (_y + lineHeight > _page!.Height.Point - Margin)
                {
                    NewPage();
                }
                _gfx!.DrawString(line, font, XBrushes.Black, new XRect(Margin + indent, _y, width, lineHeight), XStringFormats.TopLeft);
                _y += lineHeight;
            }
            _y += after;
        }

        private XFont Font(bool bold, double size)
        {
            if (!_fonts.TryGetValue((bold, size), out var font))
            {
                font = _fonts[(bold, size)] = new XFont(Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, Unicode);
            }
            return font;
        }

        private void NewPage()
        {
            _gfx?.Dispose();
            _page = document.AddPage();
            _page.Size = PageSize.A4;
            _gfx = XGraphics.FromPdfPage(_page);
            _y = Margin;
        }

        /// <summary>Breaks at spaces (never at a no-break space); a word longer than the line goes on a line of its own.</summary>
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

        public void Dispose() => _gfx?.Dispose();
    }

    /// <summary>DejaVu Sans (regular and bold) from the assembly's resources: the only fonts the PDF uses.</summary>
    private sealed class EmbeddedFonts : IFontResolver
    {
        private const string Regular = "DejaVuSans", Bold = "DejaVuSans-Bold";

        public FontResolverInfo ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
            new(isBold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: isItalic);

        public byte[] GetFont(string faceName)
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"TwinningCloud.Web.Fonts.{faceName}.ttf")
                ?? throw new InvalidOperationException($"Font {faceName} is not embedded.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
