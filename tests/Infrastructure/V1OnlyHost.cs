using System.Diagnostics;

namespace PrivateCloud.Tests.Infrastructure;

/// <summary>
/// A machine as Debian bookworm leaves it: docker-compose 1.29 and no compose plugin. This machine
/// has both, so the command runs in a private mount namespace (util-linux's unshare, as root)
/// where every directory the docker CLI looks for plugins in is covered by an empty tmpfs: there
/// `docker compose` does not exist, while the docker CLI, docker-compose v1 and the engine are the
/// real ones. Nothing outside the namespace sees the mounts.
/// </summary>
public static class V1OnlyHost
{
    private const string HidePlugins =
        """
        for dir in /usr/local/lib/docker/cli-plugins /usr/local/libexec/docker/cli-plugins \
                   /usr/lib/docker/cli-plugins /usr/libexec/docker/cli-plugins "$HOME/.docker/cli-plugins"; do
          if [ -d "$dir" ]; then mount -t tmpfs -o size=1m,mode=0755 no-compose-plugin "$dir" || exit 1; fi
        done
        exec "$@"
        """;

    /// <summary>Runs the command line appended to it without the compose plugin.</summary>
    public static IReadOnlyList<string> Wrapper { get; } = ["unshare", "--mount", "--propagation", "private", "sh", "-c", HidePlugins, "sh"];

    /// <summary>Whether such a namespace can be made here.</summary>
    public static bool Possible =>
        Environment.UserName == "root" && Requires.Executable("unshare") && Requires.Executable("docker-compose");

    /// <summary>Skips (fails in CI) when no namespace can be made here.</summary>
    public static void Require() => Requires.That(Possible, "A v1-only host needs root, unshare (util-linux) and docker-compose v1");
}

/// <summary>The loopback sshd of <see cref="SshServerFixture"/>, its sessions on a host with docker-compose v1 only (<see cref="V1OnlyHost"/>).</summary>
public sealed class V1OnlyHostFixture : SshServerFixture
{
    public override bool Available => base.Available && V1OnlyHost.Possible;

    protected override ProcessStartInfo ServerProcess(IReadOnlyList<string> sshdArguments) =>
        new(V1OnlyHost.Wrapper[0], [.. V1OnlyHost.Wrapper.Skip(1), SshdPath, .. sshdArguments]);
}
