namespace PrivateCloud.Tasks.Mail.Dns;

/// <summary>
/// One DNS record the stack needs. <see cref="Name"/> is fully qualified with a trailing dot;
/// <see cref="Value"/> is the record data as a zone file writes it, except TXT: the whole text,
/// unquoted and unsplit. <see cref="Zone"/> is false for a record set elsewhere (the PTR of the
/// mail address lives in the address owner's reverse zone).
/// </summary>
public sealed record DnsRecord(string Name, string Type, string Value, int Ttl, bool Required, string Purpose)
{
    public bool Zone { get; init; } = true;
}
