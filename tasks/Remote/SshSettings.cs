namespace PrivateCloud.Tasks.Remote;

/// <summary>
/// How to reach and trust the server. A class rather than a record so that the key passphrase
/// can never be printed by a generated ToString.
/// </summary>
public sealed class SshSettings
{
    public const string KeyFileSetting = "--ssh-key";
    public const string PassphraseVariable = "SSH_KEY_PASSPHRASE";
    public const string ConnectTimeoutSetting = "--connect-timeout";
    public const string CommandTimeoutSetting = "--command-timeout";

    public required SshTarget Target { get; init; }

    /// <summary>Private key in OpenSSH format (ed25519, ecdsa or rsa).</summary>
    public required string KeyFile { get; init; }

    /// <summary>Read by the caller from <see cref="PassphraseVariable"/>; null when the key is not encrypted.</summary>
    public string? KeyPassphrase { get; init; }

    public required string KnownHostsFile { get; init; }

    /// <summary>A <c>SHA256:</c> fingerprint the user vouches for, trusted even when known_hosts lacks the host.</summary>
    public string? PinnedHostKey { get; init; }

    public bool AcceptNewHostKey { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Nothing connects: every command is reported and answered with an empty success.</summary>
    public bool DryRun { get; init; }

    public HostKeyPolicy HostKeyPolicy => new(KnownHostsFile, PinnedHostKey, AcceptNewHostKey);
}
