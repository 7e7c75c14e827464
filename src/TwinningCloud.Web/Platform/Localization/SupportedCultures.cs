using System.Globalization;

namespace TwinningCloud.Web.Platform.Localization;

public static class SupportedCultures
{
    public const string French = "fr";
    public const string English = "en";

    public static readonly IReadOnlyList<string> All = [French, English];

    public static bool IsSupported(string? culture) => culture is not null && All.Contains(culture);

    public static CultureInfo Culture(string name) => CultureInfo.GetCultureInfo(name);
}
