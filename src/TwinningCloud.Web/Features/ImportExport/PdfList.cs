using System.Globalization;
using System.Text;

namespace TwinningCloud.Web.Features.ImportExport;

/// <summary>
/// The printable list as a PDF, A4, written directly (PDF 1.4, a few objects): the standard Helvetica
/// fonts with WinAnsi encoding, which every PDF reader has, so nothing is embedded and no system font is
/// needed; French and the other Western European accents are covered (a character outside WinAnsi
/// shows as "?"). PDFsharp 6.5 was the planned library, but it is AGPL-3.0-only (it refuses to run
/// until a licence is loaded): see Features/ImportExport/README.md.
/// </summary>
public static class PdfList
{
    private const double PageWidth = 595, PageHeight = 842, Margin = 50;
    private static readonly Encoding WinAnsi = CreateWinAnsi();

    private static Encoding CreateWinAnsi()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252, new EncoderReplacementFallback("?"), DecoderFallback.ReplacementFallback);
    }

    public static byte[] Render(string title, string subtitle, IReadOnlyList<PrintableList.CityGroup> groups, string emptyText)
    {
        var writer = new PageWriter();
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
        return Assemble(title, writer.Pages);
    }

    /// <summary>Lays out wrapped lines top to bottom, one content stream per page.</summary>
    private sealed class PageWriter
    {
        public List<StringBuilder> Pages { get; } = [new()];
        private double _y = PageHeight - Margin;

        public void KeepSpace(double height)
        {
            if (_y - height < Margin)
            {
                NewPage();
            }
        }

        public void Space(double height) => _y -= height;

        public void Write(string text, bool bold, double size, double indent, double after)
        {
            var lineHeight = size * 1.3;
            // Helvetica averages about half an em per character: wrap conservatively at 0.55 em.
            var maxChars = Math.Max(20, (int)((PageWidth - 2 * Margin - indent) / (size * 0.55)));
            foreach (var line in Wrap(text, maxChars))
            {
                if (_y - lineHeight < Margin)
                {
                    NewPage();
                }
                _y -= lineHeight;
                Pages[^1].Append(CultureInfo.InvariantCulture, $"BT /{(bold ? "F2" : "F1")} {size:0.##} Tf {Margin + indent:0.##} {_y:0.##} Td ").Append(Literal(line)).Append(" Tj ET\n");
            }
            _y -= after;
        }

        private void NewPage()
        {
            Pages.Add(new StringBuilder());
            _y = PageHeight - Margin;
        }

        private static IEnumerable<string> Wrap(string text, int maxChars)
        {
            var line = "";
            foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length > 0 && line.Length + 1 + word.Length > maxChars)
                {
                    yield return line;
                    line = word;
                }
                else
                {
                    line = line.Length == 0 ? word : line + " " + word;
                }
            }
            if (line.Length > 0)
            {
                yield return line;
            }
        }
    }

    /// <summary>A PDF literal string in WinAnsi: ( ) \ escaped, bytes above 126 as octal.</summary>
    private static string Literal(string text)
    {
        var sb = new StringBuilder("(");
        foreach (var b in WinAnsi.GetBytes(text))
        {
            if (b is (byte)'(' or (byte)')' or (byte)'\\')
            {
                sb.Append('\\').Append((char)b);
            }
            else if (b < 32 || b > 126)
            {
                sb.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
            }
            else
            {
                sb.Append((char)b);
            }
        }
        return sb.Append(')').ToString();
    }

    /// <summary>Title of the document info: UTF-16BE with a byte order mark, as hex.</summary>
    private static string TextString(string text) => "<FEFF" + Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(text)) + ">";

    private static byte[] Assemble(string title, List<StringBuilder> pages)
    {
        // 1 catalog, 2 pages, 3 Helvetica, 4 Helvetica-Bold, 5 info, then page and content pairs.
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [" + string.Join(" ", pages.Select((_, i) => $"{6 + (2 * i)} 0 R")) + $"] /Count {pages.Count} >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
            $"<< /Title {TextString(title)} /Creator (TwinningCloud) >>",
        };
        for (var i = 0; i < pages.Count; i++)
        {
            var content = pages[i].ToString();
            objects.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PageWidth} {PageHeight}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {7 + (2 * i)} 0 R >>");
            objects.Add($"<< /Length {Encoding.ASCII.GetByteCount(content)} >>\nstream\n{content}endstream");
        }
        using var output = new MemoryStream();
        void Put(string s)
        {
            var bytes = Encoding.ASCII.GetBytes(s);
            output.Write(bytes);
        }
        Put("%PDF-1.4\n");
        output.Write([(byte)'%', 0xE2, 0xE3, 0xCF, 0xD3, (byte)'\n']);
        var offsets = new List<long>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(output.Position);
            Put($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = output.Position;
        var table = new StringBuilder().Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            table.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }
        Put(table.ToString());
        Put($"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return output.ToArray();
    }
}
