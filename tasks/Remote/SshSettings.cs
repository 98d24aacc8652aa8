using System.Globalization;
using System.Text;

namespace PrivateCloud.Tasks.Remote;

/// <summary>How to reach and trust the server.</summary>
public sealed record SshSettings
{
    public const string KeyFileSetting = "--ssh-key";
    public const string PassphraseVariable = "DEPLOY_SSH_KEY_PASSPHRASE";
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

    /// <summary>Keeps the passphrase out of the generated ToString, which may end up in a log.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Target = {Target}, KeyFile = {KeyFile}, KnownHostsFile = {KnownHostsFile}, DryRun = {DryRun}");
        return true;
    }
}
