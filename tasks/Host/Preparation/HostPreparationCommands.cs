using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Host.Preparation;

/// <summary>
/// Every command line <see cref="HostPreparation"/> runs on the host, built here so their text, and
/// the quoting of each package, path and owner in it, is checked without a host.
/// </summary>
public static class HostPreparationCommands
{
    /// <summary>dpkg's status of one package, which <see cref="DpkgStatus.IsInstalled"/> reads; any user may ask.</summary>
    public static RemoteCommand PackageStatus(string package) => new($"dpkg-query -W -f='${{Status}}' {ShellQuote.Quote(package)}");

    public static RemoteCommand RefreshPackageLists() => Root("apt-get update -qq");

    /// <summary>The packages and what they depend on, nothing they only recommend, without a question on the terminal.</summary>
    public static RemoteCommand Install(IReadOnlyCollection<string> packages) =>
        Root($"DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -- {ShellQuote.Join(packages)}");

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
