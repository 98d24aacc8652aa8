using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Plumbing.Packages;

/// <summary>
/// Every command line <see cref="PackageInstaller"/> runs on the host, built here so their text, and
/// the quoting of each package in it, is checked without a host.
/// </summary>
public static class PackageCommands
{
    /// <summary>dpkg's status of one package, which <see cref="DpkgStatus.IsInstalled"/> reads; any user may ask.</summary>
    public static RemoteCommand PackageStatus(string package) => new($"dpkg-query -W -f='${{Status}}' {ShellQuote.Quote(package)}");

    public static RemoteCommand RefreshPackageLists() => new("apt-get update -qq") { Privileged = true };

    /// <summary>The packages and what they depend on, nothing they only recommend, without a question on the terminal.</summary>
    public static RemoteCommand Install(IReadOnlyCollection<string> packages) =>
        new($"DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -- {ShellQuote.Join(packages)}") { Privileged = true };
}
