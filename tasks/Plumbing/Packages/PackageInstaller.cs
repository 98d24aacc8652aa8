using PrivateCloud.Tasks.Plumbing.Reporting;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Plumbing.Packages;

/// <summary>Installs Debian packages on the host when dpkg lacks them: PrepareHost's --packages, InstallBackup's duplicity.</summary>
public sealed class PackageInstaller(RemoteShell shell)
{
    /// <summary>Installs the packages dpkg does not list as installed; returns what it installed (or, in a dry run, would).</summary>
    public IEnumerable<HostChange> InstallMissing(IReadOnlyList<string> packages)
    {
        var missing = packages
            .Where(package => !DpkgStatus.IsInstalled(shell.Probe(PackageCommands.PackageStatus(package)).StandardOutput))
            .ToList();
        if (missing.Count == 0)
        {
            return [];
        }

        // The package lists only matter when something gets installed; refreshing them costs a round trip to the mirrors.
        shell.Run(PackageCommands.RefreshPackageLists());
        shell.Run(PackageCommands.Install(missing));
        return missing.Select(package => new HostChange("install", "installed", $"package {package}"));
    }
}
