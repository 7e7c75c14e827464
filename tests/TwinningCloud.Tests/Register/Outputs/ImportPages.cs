using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using TwinningCloud.Tests.Infrastructure;

namespace TwinningCloud.Tests.Register.Outputs;

/// <summary>Drives the import pages as a browser would: upload (preview), then post the preview's apply form.</summary>
internal static class ImportPages
{
    public const string Url = "/marseille/admin/import";

    public static Task<HttpResponseMessage> UploadAsync(HttpClient client, string fileName, string content, string contentType = "text/csv") =>
        UploadAsync(client, fileName, Encoding.UTF8.GetBytes(content), contentType);

    public static Task<HttpResponseMessage> UploadAsync(HttpClient client, string fileName, byte[] content, string contentType, string url = Url) =>
        client.SubmitFormAsync(url, new Dictionary<string, string?>(), "#upload-form", files: [("Upload", fileName, content, contentType)]);

    /// <summary>Posts the apply form of a preview page, as the person would by pressing its button.</summary>
    public static async Task<HttpResponseMessage> ApplyAsync(HttpClient client, IDocument preview, Func<string, string>? tamper = null)
    {
        var form = preview.QuerySelector<IHtmlFormElement>("#apply-form") ?? throw new InvalidOperationException("The preview has no apply form.");
        var fields = form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "hidden")
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Name == "Payload" && tamper is not null ? tamper(i.Value) : i.Value)).ToList();
        return await client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(fields));
    }

    /// <summary>The preview's counts: (created, updated, unchanged) by kind of record ("partner-city", "agreement", "membership").</summary>
    public static Dictionary<string, (int Created, int Updated, int Unchanged)> Counts(IDocument page) =>
        page.QuerySelectorAll("#import-counts tbody tr").ToDictionary(
            row => row.GetAttribute("data-kind")!,
            row => (Cell(row, "created"), Cell(row, "updated"), Cell(row, "unchanged")));

    /// <summary>The bad lines of a report: (line, field, reason).</summary>
    public static List<(int Line, string Field, string Reason)> BadLines(IDocument page) =>
        page.QuerySelectorAll("#bad-lines tbody tr").Select(row => row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray())
            .Select(c => (int.Parse(c[0], System.Globalization.CultureInfo.InvariantCulture), c[1], c[2])).ToList();

    private static int Cell(IElement row, string outcome) =>
        int.Parse(row.QuerySelector($"td[data-outcome='{outcome}']")!.TextContent, System.Globalization.CultureInfo.InvariantCulture);

    public static void AssertOk(HttpResponseMessage response) =>
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode}");
}
