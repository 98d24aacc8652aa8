namespace PrivateCloud.Tasks.Mail.Dns;

public enum DnsCheckStatus
{
    Ok,

    /// <summary>The name has no record of this kind.</summary>
    Missing,

    /// <summary>Records of this kind exist, none with the expected value.</summary>
    Different,

    /// <summary>No answer came within --dns-timeout: nothing is known about the record.</summary>
    Timeout,

    /// <summary>The server failed or refused to answer.</summary>
    Error,
}
