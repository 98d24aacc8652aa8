using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Host;

/// <summary>
/// A fresh network namespace with its own, empty iptables tables: tests that change firewall
/// rules do it in here, never in the namespace of the machine running them. Deleted on dispose.
/// </summary>
internal sealed class NetworkNamespace : IAsyncDisposable
{
    private NetworkNamespace(string name) => Name = name;

    public string Name { get; }

    public static bool Available => Requires.Executable("ip") && Requires.Executable("iptables") && Environment.UserName == "root";

    public static async Task<NetworkNamespace> Create()
    {
        var space = new NetworkNamespace($"t-host-{Guid.NewGuid():N}"[..16]);
        await SshServerFixture.RunTool("ip", "netns", "add", space.Name);
        return space;
    }

    /// <summary>Runs a shell command inside the namespace and returns its stdout.</summary>
    public Task<string> Run(string command) => SshServerFixture.RunTool("ip", "netns", "exec", Name, "sh", "-c", command);

    /// <summary>The authorized_keys option that runs every command of a key inside this namespace.</summary>
    public string ForcedCommand => $"command=\"ip netns exec {Name} sh -c \\\"$SSH_ORIGINAL_COMMAND\\\"\"";

    public async ValueTask DisposeAsync() => await SshServerFixture.RunTool("ip", "netns", "del", Name);
}
