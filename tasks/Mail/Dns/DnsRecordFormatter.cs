using System.Globalization;
using System.Text;

namespace PrivateCloud.Tasks.Mail.Dns;

/// <summary>Writes the records as zone-file lines, a JSON array or a table.</summary>
public static class DnsRecordFormatter
{
    /// <summary>The most bytes one TXT character-string holds.</summary>
    public const int MaxTxtString = 255;

    public static string Zone(IReadOnlyList<DnsRecord> records)
    {
        var zone = records.Where(r => r.Zone).ToList();
        var nameWidth = zone.Max(r => r.Name.Length);
        var text = new StringBuilder();
        text.AppendLine("; DNS records of the stack: add them to the zone of TOP_DOMAIN.");
        foreach (var record in zone)
        {
            text.Append(record.Name.PadRight(nameWidth))
                .Append(CultureInfo.InvariantCulture, $" {record.Ttl,5} IN {record.Type,-5} ")
                .Append(ZoneData(record))
                .AppendLine(CultureInfo.InvariantCulture, $" ; {Need(record)}: {record.Purpose}");
        }

        var ptr = records.FirstOrDefault(r => r.Type == "PTR");
        text.AppendLine(ptr is null
            ? "; PTR: the reverse record of MAIL_HOST_IP must name MAIL_DOMAIN; ask whoever owns the address to set it."
            : $"; PTR: {ptr.Name} PTR {ptr.Value} ; {Need(ptr)}: {ptr.Purpose}");
        return text.ToString();
    }

    public static string Json(IReadOnlyList<DnsRecord> records) =>
        JsonArray.Write(records, (writer, record) =>
        {
            writer.WriteString("name", record.Name);
            writer.WriteString("type", record.Type);
            writer.WriteString("value", record.Value);
            writer.WriteNumber("ttl", record.Ttl);
            writer.WriteBoolean("required", record.Required);
            writer.WriteString("purpose", record.Purpose);
        });

    public static string Table(IReadOnlyList<DnsRecord> records) =>
        TextTable.Render(
            ["NAME", "TYPE", "VALUE", "TTL", "NEED", "PURPOSE"],
            records.Select(r => (IReadOnlyList<string>)[r.Name, r.Type, r.Value, r.Ttl.ToString(CultureInfo.InvariantCulture), Need(r), r.Purpose]));

    /// <summary>
    /// TXT data as quoted character-strings of at most 255 bytes each, with quotes and backslashes
    /// escaped; DNS joins them back into the one value.
    /// </summary>
    public static string QuotedTxt(string value)
    {
        var strings = new List<string>();
        var current = new StringBuilder();
        var bytes = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > MaxTxtString)
            {
                strings.Add(Quoted(current.ToString()));
                current.Clear();
                bytes = 0;
            }

            current.Append(rune.ToString());
            bytes += rune.Utf8SequenceLength;
        }

        strings.Add(Quoted(current.ToString()));
        return string.Join(' ', strings);
    }

    private static string Quoted(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string ZoneData(DnsRecord record) => record.Type == "TXT" ? QuotedTxt(record.Value) : record.Value;

    private static string Need(DnsRecord record) => record.Required ? "required" : "recommended";
}
