namespace PrivateCloud.Tasks.Mail.Dns;

/// <summary>How a found value is compared with an expected one, per record type.</summary>
public static class DnsValues
{
    /// <summary>
    /// Whether a found value is the kind of record expected: at a name with several TXT records, only
    /// the SPF one is compared with SPF; of the CAA records only the <c>issue</c> ones count.
    /// </summary>
    public static bool SameKind(DnsRecord expected, string found) => expected.Type switch
    {
        "TXT" => string.Equals(Version(expected.Value), Version(found), StringComparison.OrdinalIgnoreCase),
        "CAA" => Words(found).ElementAtOrDefault(1) is "issue",
        _ => true,
    };

    public static bool Equal(DnsRecord expected, string found) => Normalized(expected.Type, expected.Value) == Normalized(expected.Type, found);

    /// <summary>
    /// Host names lower-cased without their trailing dot; TXT tag lists (<c>v=DKIM1; k=rsa; p=...</c>)
    /// as their tags, blanks and a final ';' ignored; other TXT text with blanks collapsed; CAA by tag
    /// and value, its flags ignored.
    /// </summary>
    public static string Normalized(string type, string value) => type switch
    {
        "TXT" when value.Contains('=') && value.Contains(';') => string.Join(';', value
            .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(tag => tag.Split('=', 2) is [var key, var tagValue] ? $"{key.Trim().ToLowerInvariant()}={tagValue.Trim().Replace(" ", string.Empty, StringComparison.Ordinal)}" : tag)),
        "TXT" => string.Join(' ', Words(value)),
        "CAA" => string.Join(' ', Words(value).Skip(1)).ToLowerInvariant(),
        _ => string.Join(' ', Words(value).Select(word => word.TrimEnd('.').ToLowerInvariant())),
    };

    /// <summary>The first tag or word of a TXT value (<c>v=spf1</c>, <c>v=DKIM1</c>, <c>v=DMARC1</c>).</summary>
    private static string Version(string txt) =>
        txt.Split([';', ' '], 2, StringSplitOptions.TrimEntries)[0].Replace(" ", string.Empty, StringComparison.Ordinal);

    private static string[] Words(string value) => value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
