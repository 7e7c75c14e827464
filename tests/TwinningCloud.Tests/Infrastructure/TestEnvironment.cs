namespace TwinningCloud.Tests.Infrastructure;

/// <summary>
/// The real components the tests run against, as started by <c>tools/test</c> (see tools/test-env/up).
/// A missing variable is a failure with a clear message, never a silent skip.
/// </summary>
public static class TestEnvironment
{
    /// <summary>Admin connection string of the test PostgreSQL server (tests create their own databases).</summary>
    public static string PostgresAdmin => Require("TC_TEST_POSTGRES");

    public static string SmtpHost => Require("TC_TEST_SMTP_HOST");

    public static int SmtpPort => int.Parse(Require("TC_TEST_SMTP_PORT"), System.Globalization.CultureInfo.InvariantCulture);

    public static Uri MailDevUrl => new(Require("TC_TEST_MAILDEV_URL"));

    public static string ChromiumPath => Require("TC_TEST_CHROMIUM");

    private static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests with tools/test, which starts PostgreSQL, MailDev and Chromium and sets it.");
}
