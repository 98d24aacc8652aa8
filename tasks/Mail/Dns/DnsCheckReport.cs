using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PrivateCloud.Tasks.Mail.Dns;

/// <summary>VerifyDns's answer per record, as a table or a JSON array.</summary>
public static class DnsCheckReport
{
    public static string Table(IReadOnlyList<DnsCheck> checks) =>
        TextTable.Render(
            ["STATUS", "NEED", "TYPE", "NAME", "EXPECTED", "FOUND"],
            checks.Select(check => (IReadOnlyList<string>)
            [
                Status(check),
                check.Record.Required ? "required" : "recommended",
                check.Record.Type,
                check.Record.Name,
                check.Record.Value,
                check.Problem ?? (check.Found.Count == 0 ? "-" : string.Join(" | ", check.Found)),
            ]));

    public static string Json(IReadOnlyList<DnsCheck> checks)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (var check in checks)
            {
                writer.WriteStartObject();
                writer.WriteString("name", check.Record.Name);
                writer.WriteString("type", check.Record.Type);
                writer.WriteBoolean("required", check.Record.Required);
                writer.WriteString("status", Status(check));
                writer.WriteString("expected", check.Record.Value);
                writer.WriteStartArray("found");
                foreach (var found in check.Found)
                {
                    writer.WriteStringValue(found);
                }

                writer.WriteEndArray();
                if (check.Problem is { } problem)
                {
                    writer.WriteString("problem", problem);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Status(DnsCheck check) => check.Status.ToString().ToLowerInvariant();
}
