using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Host.DataDisks;

/// <summary>
/// Whether the data directories are mount points on the host: data written into a plain directory
/// fills the root filesystem, which only CheckDiskUsage would notice, too late. PrepareHost and
/// Deploy (through CheckDataMounts) refuse then; Preflight reports it.
/// </summary>
public sealed class DataMountCheck(RemoteShell shell)
{
    /// <summary>One round trip for all: a state word per directory, in order.</summary>
    public IReadOnlyList<(DataDirectory Directory, DataMountState State)> Read(IReadOnlyList<DataDirectory> directories)
    {
        if (directories.Count == 0)
        {
            return [];
        }

        var words = shell.Read(DataMountCommands.MountStates(directories.Select(directory => directory.Path))).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length != directories.Count)
        {
            throw new RemoteCommandException($"The mount check on {shell.Target} printed {words.Length} line(s) for {directories.Count} directories.", null);
        }

        return [.. directories.Zip(words, (directory, word) => (directory, word switch
        {
            "mounted" => DataMountState.Mounted,
            "not-mounted" => DataMountState.NotMounted,
            _ => DataMountState.Missing,
        }))];
    }

    /// <summary>Refuses, naming every directory that is not a mount point and what to do, unless the host has one disk on purpose.</summary>
    public void Require(IReadOnlyList<DataDirectory> directories, bool singleDisk)
    {
        if (singleDisk)
        {
            return;
        }

        var problems = Read(directories).Where(found => found.State != DataMountState.Mounted).Select(found => Problem(found.Directory, found.State)).ToList();
        if (problems.Count > 0)
        {
            throw new BuildInputException(string.Join(" ", problems));
        }
    }

    /// <summary>One line: which setting, on which host, and the two ways out.</summary>
    public string Problem(DataDirectory directory, DataMountState state) =>
        $"{directory.Variable}={directory.Path} {(state == DataMountState.Missing ? "does not exist" : "is not a mount point")} on {shell.Target.Host}, " +
        $"so its data would fill the root filesystem: mount a volume there (MountVolume --device=/dev/sdX --mount={directory.Path}), " +
        $"or give {DataDiskSettings.SingleDiskSetting.Option}=true if the host has one disk on purpose.";
}
