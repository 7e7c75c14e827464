using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace TwinningCloud.Tests.Infrastructure;

/// <summary>Reads pages as a browser would see them, and submits their forms (with their antiforgery token).</summary>
public static class Html
{
    public static async Task<IDocument> ParseAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var context = BrowsingContext.New(Configuration.Default);
        return await context.OpenAsync(req => req.Content(html).Address(response.RequestMessage!.RequestUri!));
    }

    public static async Task<IDocument> GetPageAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode}");
        return await ParseAsync(response);
    }

    /// <summary>Fills the page's first form that has a submit button (or the one matching <paramref name="formSelector"/>) and posts it.</summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(
        this HttpClient client, string pageUrl, IDictionary<string, string?> values, string formSelector = "main form", IEnumerable<(string Name, string FileName, byte[] Content, string ContentType)>? files = null)
    {
        var page = await client.GetPageAsync(pageUrl);
        var form = page.QuerySelector<IHtmlFormElement>(formSelector) ?? throw new InvalidOperationException($"No form '{formSelector}' on {pageUrl}.");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when input.Type is "checkbox" or "radio":
                    if (input.IsChecked && !values.ContainsKey(input.Name!))
                    {
                        fields.Add(new(input.Name!, input.Value));
                    }
                    break;
                case IHtmlInputElement input when input.Type is "file" or "submit":
                    break;
                case IHtmlInputElement input when input.Name is { Length: > 0 } && !values.ContainsKey(input.Name):
                    fields.Add(new(input.Name, input.Value));
                    break;
                case IHtmlTextAreaElement area when area.Name is { Length: > 0 } && !values.ContainsKey(area.Name):
                    fields.Add(new(area.Name, area.Value));
                    break;
                case IHtmlSelectElement select when select.Name is { Length: > 0 } && !values.ContainsKey(select.Name):
                    fields.Add(new(select.Name, select.Value ?? string.Empty));
                    break;
            }
        }
        foreach (var (name, value) in values)
        {
            if (value is null)
            {
                continue;
            }
            // A value with '|' sets several values of one name (checkbox groups).
            foreach (var part in value.Split('|', StringSplitOptions.RemoveEmptyEntries))
            {
                fields.Add(new(name, part));
            }
        }
        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? pageUrl : form.Action;
        HttpContent content;
        if (form.Enctype == "multipart/form-data")
        {
            var multipart = new MultipartFormDataContent();
            foreach (var (name, value) in fields)
            {
                multipart.Add(new StringContent(value), name);
            }
            foreach (var file in files ?? [])
            {
                var bytes = new ByteArrayContent(file.Content);
                bytes.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(file.ContentType);
                multipart.Add(bytes, file.Name, file.FileName);
            }
            content = multipart;
        }
        else
        {
            content = new FormUrlEncodedContent(fields);
        }
        return await client.PostAsync(action, content);
    }

    /// <summary>Signs in at <paramref name="side"/> ("/marseille" or "" for the platform); the client keeps the cookie.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string side, string email, string password = TestUsers.StaffPassword)
    {
        var response = await client.SubmitFormAsync($"{side}/sign-in", new Dictionary<string, string?> { ["Email"] = email, ["Password"] = password });
        return response;
    }

    public static async Task SignInAsOperatorAsync(this HttpClient client)
    {
        var response = await client.SubmitFormAsync("/sign-in", new Dictionary<string, string?>
        {
            ["Email"] = TestUsers.OperatorEmail,
            ["Password"] = TestUsers.OperatorPassword,
        });
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Redirect, $"operator sign-in answered {(int)response.StatusCode}");
    }
}
