using System.Text;
using System.Text.Json;

namespace PrivateCloud.Tasks.Plumbing.Health;

/// <summary>The report as one JSON document: {"checkedAt", "state", "exitCode", "checks": [{"name", "state", "line", "details"}]}.</summary>
public static class HealthJson
{
    public static string Write(HealthReport report)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("checkedAt", report.CheckedAt);
            writer.WriteString("state", HealthReport.Word(report.Worst));
            writer.WriteNumber("exitCode", HealthReport.ExitCodeOf(report.Worst));
            writer.WritePropertyName("checks");
            WriteResults(writer, report.Results);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteResults(Utf8JsonWriter writer, IReadOnlyList<CheckResult> results)
    {
        writer.WriteStartArray();
        foreach (var result in results)
        {
            writer.WriteStartObject();
            writer.WriteString("name", result.Name);
            writer.WriteString("state", HealthReport.Word(result.State));
            writer.WriteString("line", result.Line);
            if (result.Details.Count > 0)
            {
                writer.WritePropertyName("details");
                WriteResults(writer, result.Details);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
