using System.Collections;
using System.Reflection;
using System.Text.Json;

namespace TwinningCloud.Web.Features.Api;

/// <summary>
/// Reading a JSON body by hand (after an id check, so that another town's id is a 404 whatever the body). Anything
/// that is not a JSON object of the documented shape — not JSON, malformed, <c>null</c>, an array, a value of the
/// wrong type, a list given as <c>null</c> or holding <c>null</c> — reads as null, which the endpoints answer with
/// 400 problem details. Validation of the fields themselves is the editors' (400 validation problem, <c>errors</c> by field).
/// </summary>
public static class ApiInput
{
    public static async Task<T?> ReadJsonAsync<T>(HttpRequest request) where T : class
    {
        if (!request.HasJsonContentType())
        {
            return null;
        }
        T? value;
        try
        {
            value = await request.ReadFromJsonAsync<T>(request.HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is JsonException or BadHttpRequestException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
        return value is not null && HasWholeLists(value) ? value : null;
    }

    /// <summary>False when one of the object's lists is missing-as-null or holds a null element.</summary>
    private static bool HasWholeLists(object value)
    {
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.PropertyType == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(property.PropertyType) || property.GetIndexParameters().Length > 0)
            {
                continue;
            }
            if (property.GetValue(value) is not IEnumerable list)
            {
                return false;
            }
            foreach (var item in list)
            {
                if (item is null || (!item.GetType().IsPrimitive && item is not string && item.GetType().IsClass && !HasWholeLists(item)))
                {
                    return false;
                }
            }
        }
        return true;
    }
}
