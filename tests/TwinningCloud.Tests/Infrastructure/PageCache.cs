namespace TwinningCloud.Tests.Infrastructure;

/// <summary>
/// The public page cache seen from a test. A page comes from memory once it was rendered and no change notification has
/// emptied the cache since; the notifications of a test's own set-up (tenant created, rows added) arrive asynchronously
/// and may empty it once or twice more, so a test asks until the cache serves the page instead of expecting a hit at once.
/// </summary>
internal static class PageCache
{
    public static bool IsHit(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Cache", out var values) && values.Single() == "hit";

    /// <summary>Asks for <paramref name="path"/> until the cache serves it (30 s at most); how many requests that took.</summary>
    public static async Task<int> RequestsUntilHitAsync(HttpClient client, string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        for (var requests = 1; ; requests++)
        {
            if (IsHit(await client.GetAsync(path)))
            {
                return requests;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{path} was never served from the page cache ({requests} requests)");
            await Task.Delay(100);
        }
    }
}
