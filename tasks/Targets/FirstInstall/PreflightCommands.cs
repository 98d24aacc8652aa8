using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Targets.FirstInstall;

/// <summary>
/// Every command line <see cref="HostPreflight"/> runs on the host, each only reading it, built here
/// so their text is checked without a host.
/// </summary>
public static class PreflightCommands
{
    /// <summary>Who the SSH login is; the first command, so a connection that fails fails here.</summary>
    public static RemoteCommand Login() => new("id -un");

    /// <summary>Succeeds when sudo runs without asking a password.</summary>
    public static RemoteCommand Sudo() => Root("true");

    /// <summary>
    /// Prints each of <paramref name="tools"/> the host lacks, one a line. As root: /usr/sbin, where
    /// most of them live, is not in a plain user's PATH.
    /// </summary>
    public static RemoteCommand MissingTools(IEnumerable<string> tools) =>
        Root(string.Join("; ", tools.Select(tool => $"command -v {ShellQuote.Quote(tool)} >/dev/null 2>&1 || echo {ShellQuote.Quote(tool)}")));

    public static RemoteCommand DockerVersion() => Root("docker version --format '{{.Server.Version}}'");

    /// <summary>The compose's version, then "v2" or "v1": the plugin when installed, else docker-compose.</summary>
    public static RemoteCommand ComposeVersion() =>
        Root("docker compose version --short 2>/dev/null && echo v2 || { docker-compose version --short 2>/dev/null && echo v1; }");

    /// <summary>-p names the listening process, which only root may see for every socket.</summary>
    public static RemoteCommand ListeningPorts() => Root("ss -Htlnp");

    private static RemoteCommand Root(string text) => new(text) { Privileged = true };
}
