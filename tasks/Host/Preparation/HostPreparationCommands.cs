using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Host.Preparation;

/// <summary>
/// Every command line <see cref="HostPreparation"/> runs on the host, built here so their text, and
/// the quoting of each path and owner in it, is checked without a host.
/// </summary>
public static class HostPreparationCommands
{
    /// <summary>The directory's owner and mode as <see cref="DirectoryState.Parse"/> reads them.</summary>
    public static RemoteCommand DirectoryState(string path) => Root($"stat -c '{Preparation.DirectoryState.StatFormat}' -- {ShellQuote.Quote(path)}");

    /// <summary>The directory itself, never what is in it.</summary>
    public static RemoteCommand SetOwner(string path, DirectoryOwner owner) =>
        Root($"chown -- {ShellQuote.Quote($"{owner.User}:{owner.Group}")} {ShellQuote.Quote(path)}");

    public static RemoteCommand SetMode(string path, DirectoryOwner owner) => Root($"chmod {ShellQuote.Quote(owner.Mode)} -- {ShellQuote.Quote(path)}");

    /// <summary>Succeeds when the user (<c>passwd</c>) or group (<c>group</c>) exists on the host.</summary>
    public static RemoteCommand NameExists(string database, string name) => new($"getent {ShellQuote.Quote(database)} {ShellQuote.Quote(name)}");

    private static RemoteCommand Root(string text) => new(text) { Privileged = true };
}
