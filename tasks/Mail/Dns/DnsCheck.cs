namespace PrivateCloud.Tasks.Mail.Dns;

/// <summary>What the DNS answered for one expected record: the comparable values found, and why it failed when it did.</summary>
public sealed record DnsCheck(DnsRecord Record, DnsCheckStatus Status, IReadOnlyList<string> Found, string? Problem = null)
{
    /// <summary>A required record that is not confirmed: missing, different, or unanswered.</summary>
    public bool Fails => Record.Required && Status != DnsCheckStatus.Ok;
}
