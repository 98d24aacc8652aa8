namespace PrivateCloud.Tasks.Host.MailTraffic;

/// <summary>Which kernel interface the host's <c>iptables</c> command drives.</summary>
public enum IptablesBackend
{
    /// <summary>Not known: dry-run, or a version line this tool does not recognise.</summary>
    Unknown,
    Legacy,
    NfTables,
}
