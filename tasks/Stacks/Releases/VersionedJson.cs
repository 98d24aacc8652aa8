using System.Text;
using System.Text.Json;

namespace PrivateCloud.Tasks.Stacks.Releases;

/// <summary>
/// The small JSON documents a deploy keeps on the host (the release manifest, the running
/// snapshot): an object with a "format" number first, written indented, read back only in the
/// format this version writes, every failure one message naming where the text came from.
/// </summary>
internal static class VersionedJson
{
    public static string Write(int format, Action<Utf8JsonWriter> writeProperties)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("format", format);
            writeProperties(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <param name="what">What the document is, for messages: "release manifest".</param>
    /// <param name="source">Where the text came from, for messages.</param>
    public static T Read<T>(string json, int format, string what, string source, Func<JsonElement, T> read)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var version = root.GetProperty("format").GetInt32();
            if (version != format)
            {
                throw new InvalidDataException($"{source}: {what} format {version} is not supported (expected {format}).");
            }

            return read(root);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"{source}: not a valid {what} ({ex.Message}).", ex);
        }
    }
}
