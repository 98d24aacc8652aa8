namespace PrivateCloud.Tasks.Plumbing.Remote;

/// <summary>What known_hosts says about a key a server presented.</summary>
public enum HostKeyStatus
{
    /// <summary>An entry for this host holds exactly this key.</summary>
    Known,

    /// <summary>No entry names this host.</summary>
    Unknown,

    /// <summary>Entries name this host but none holds this key: possibly a man in the middle.</summary>
    Changed,

    /// <summary>An <c>@revoked</c> entry lists this key.</summary>
    Revoked,
}
