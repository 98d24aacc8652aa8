using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Host.DataDisks;

/// <summary>The command line <see cref="DataMountCheck"/> runs on the host, built here so its text, and the quoting of each path in it, is checked without a host.</summary>
public static class DataMountCommands
{
    /// <summary>
    /// One word a line for each of <paramref name="paths"/>, in order: mounted, not-mounted or missing.
    /// mountpoint (util-linux, in every Debian) also answers for a bind mount; /proc/self/mountinfo would need parsing.
    /// </summary>
    public static RemoteCommand MountStates(IEnumerable<string> paths) =>
        new(string.Join("; ", paths.Select(ShellQuote.Quote).Select(path =>
            $"if mountpoint -q -- {path}; then echo mounted; elif [ -e {path} ]; then echo not-mounted; else echo missing; fi")));
}
