
namespace PrivateCloud.Tasks.Plumbing.Settings;

/// <summary>The settings every run reads: where the stack is and which host it goes to.</summary>
public static class CoreSettings
{
    public static readonly Setting Stack = new("stack", "Directory holding the compose file and .env.", "configuration")
    {
        Bootstrap = true,
    };

    public static readonly Setting EnvFile = new("env-file", "The stack's variables file.", "<stack>/.env")
    {
        Bootstrap = true,
    };

    public static readonly Setting Host = new("host", "The Docker host, as [user@]host[:port].")
    {
        RequiredForDeploy = true,
    };

    public static readonly Setting SshKey = new("ssh-key", "Private key (OpenSSH format) for the host.", "~/.ssh/id_ed25519");

    public static readonly Setting SshKeyPassphrase = new("ssh-key-passphrase", "Passphrase of --ssh-key, if it has one.")
    {
        Secret = true,
    };

    public static readonly Setting KnownHosts = new("known-hosts", "known_hosts file the host key is checked against.", "~/.ssh/known_hosts");


    public static IReadOnlyList<Setting> All { get; } = [Stack, EnvFile, Host, SshKey, SshKeyPassphrase, KnownHosts];
}
