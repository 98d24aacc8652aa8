using System.Globalization;
using System.Text;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Plumbing.Remote;

/// <summary>How to reach and trust the server.</summary>
public sealed record SshSettings
{
    public required SshTarget Target { get; init; }

    /// <summary>Private key in OpenSSH format (ed25519, ecdsa or rsa).</summary>
    public required string KeyFile { get; init; }

    /// <summary>From <see cref="CoreSettings.SshKeyPassphrase"/>; null when the key is not encrypted.</summary>
    public string? KeyPassphrase { get; init; }

    public required string KnownHostsFile { get; init; }

    /// <summary>A <c>SHA256:</c> fingerprint the user vouches for, trusted even when known_hosts lacks the host.</summary>
    public string? PinnedHostKey { get; init; }

    public bool AcceptNewHostKey { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Commands that read the host run; commands that change it are shown, not run (see <see cref="RemoteShell"/>).</summary>
    public bool DryRun { get; init; }

    public HostKeyPolicy HostKeyPolicy => new(KnownHostsFile, PinnedHostKey, AcceptNewHostKey);

    /// <summary>Keeps the passphrase out of the generated ToString, which may end up in a log.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Target = {Target}, KeyFile = {KeyFile}, KnownHostsFile = {KnownHostsFile}, DryRun = {DryRun}");
        return true;
    }
}
