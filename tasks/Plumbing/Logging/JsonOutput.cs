using System.Text.Json;
using System.Text.Json.Serialization;

namespace PrivateCloud.Tasks.Plumbing.Logging;

/// <summary>
/// The one JSON document a reporting task prints with --format=json. It goes to stdout, which then
/// carries nothing else: the host sends every log line to stderr in that mode.
/// </summary>
public static class JsonOutput
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static void Write<T>(T value)
    {
        Console.Out.WriteLine(Serialize(value));
        Console.Out.Flush();
    }
}
