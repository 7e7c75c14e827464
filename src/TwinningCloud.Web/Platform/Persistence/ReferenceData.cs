using System.Text.Json;

namespace TwinningCloud.Web.Platform.Persistence;

/// <summary>
/// Data the product ships with (the network catalogue, the standard cooperation domains), brought up to
/// date after every migration, idempotently. Modules register theirs.
/// </summary>
public interface IReferenceData
{
    Task SyncAsync(CancellationToken ct);
}

public static class EmbeddedData
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>Reads <c>TwinningCloud.Web.Data.{name}</c> (a JSON file embedded from a feature folder).</summary>
    public static T Read<T>(string name)
    {
        using var stream = typeof(EmbeddedData).Assembly.GetManifestResourceStream($"TwinningCloud.Web.Data.{name}")
            ?? throw new InvalidOperationException($"Embedded data {name} is missing.");
        return JsonSerializer.Deserialize<T>(stream, Json)!;
    }
}
