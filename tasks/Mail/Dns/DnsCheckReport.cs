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

    public static string Json(IReadOnlyList<DnsCheck> checks) =>
        JsonArray.Write(checks, (writer, check) =>
        {
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
        });

    private static string Status(DnsCheck check) => check.Status.ToString().ToLowerInvariant();
}
