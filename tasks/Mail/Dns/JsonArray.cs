using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PrivateCloud.Tasks.Mail.Dns;

/// <summary>An indented JSON array for stdout: characters such as '+' and quotes stay readable.</summary>
public static class JsonArray
{
    public static string Write<T>(IEnumerable<T> items, Action<Utf8JsonWriter, T> writeProperties)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (var item in items)
            {
                writer.WriteStartObject();
                writeProperties(writer, item);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
