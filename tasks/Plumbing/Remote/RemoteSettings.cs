using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Plumbing.Remote;

/// <summary>The settings of the SSH connection, beside --host, --ssh-key and --known-hosts.</summary>
public static class RemoteSettings
{
    public static readonly Setting HostKey = new(
        "host-key", "Trust the host's key when it has this SHA256:… fingerprint, even if known_hosts lacks it.");

    public static readonly Setting AcceptNewHostKey = new(
        "accept-new-host-key", "Trust and record the key of a host known_hosts lacks (never a changed key).", "false");

    public static readonly Setting ConnectTimeout = new("connect-timeout", "Seconds to wait for the SSH connection.", "15");

    public static readonly Setting CommandTimeout = new("command-timeout", "Seconds one remote command may take.", "600");

    public static IReadOnlyList<Setting> Definitions { get; } = [HostKey, AcceptNewHostKey, ConnectTimeout, CommandTimeout];

    /// <summary>How to reach the host, or null when no --host is given.</summary>
    public static SshSettings? Read(SettingSources sources, bool dryRun)
    {
        var host = sources.Get(CoreSettings.Host);
        if (string.IsNullOrEmpty(host))
        {
            return null;
        }

        return new SshSettings
        {
            Target = SshTarget.Parse(host),
            KeyFile = SettingPaths.Expand(sources.Get(CoreSettings.SshKey)!),
            KeyPassphrase = sources.Get(CoreSettings.SshKeyPassphrase),
            KnownHostsFile = SettingPaths.Expand(sources.Get(CoreSettings.KnownHosts)!),
            PinnedHostKey = sources.Get(HostKey),
            AcceptNewHostKey = sources.GetFlag(AcceptNewHostKey),
            ConnectTimeout = TimeSpan.FromSeconds(sources.GetInt(ConnectTimeout, 1, 600)),
            CommandTimeout = TimeSpan.FromSeconds(sources.GetInt(CommandTimeout, 1, 86400)),
            DryRun = dryRun,
        };
    }
}
