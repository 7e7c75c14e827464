namespace TwinningCloud.Tests.Infrastructure;

/// <summary>
/// The xUnit trait <c>Category</c> of the slow tests, which <c>tools/test --fast</c> leaves out
/// (<c>--filter "Category!=Browser&amp;Category!=Process"</c>); CI runs everything.
/// Put it on the test class itself: xUnit 2 does not read traits from a base class.
/// </summary>
public static class TestCategories
{
    /// <summary>Clicks through the app in Chromium (Playwright).</summary>
    public const string Browser = "Browser";

    /// <summary>Starts app processes, a second app instance, nginx, the CLI, MailDev or other external programs.</summary>
    public const string Process = "Process";
}
