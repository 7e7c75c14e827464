namespace TwinningCloud.Web.Features.Register.PartnerCities;

/// <summary>Addresses of the public pages, built without routing (a public list links a city a hundred times).</summary>
public static class PublicLinks
{
    /// <summary><c>{town}/partner-cities/kobe</c> (by id for a city saved before slugs, until startup gives it one).</summary>
    public static string City(HttpContext http, PartnerCity city) =>
        $"{http.Request.PathBase}/partner-cities/{Uri.EscapeDataString(city.PublicKey)}";
}
