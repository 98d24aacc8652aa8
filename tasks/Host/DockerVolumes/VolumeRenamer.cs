using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Reporting;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Host.DockerVolumes;

/// <summary>
/// "Renames" a named Docker volume the only way Docker allows: a new volume, the files copied by a
/// helper container, the copy checked by counting entries and bytes on both sides. The source stays
/// unless its removal is asked for and confirmed. A second run finds the copy done and changes nothing.
/// </summary>
public sealed class VolumeRenamer(RemoteShell shell)
{
    public IReadOnlyList<HostChange> Rename(string from, string to, string helperImage, bool removeSource, bool confirmed)
    {
        if (from == to)
        {
            throw new BuildInputException($"--from and --to are both '{from}': give the new volume a different name.");
        }

        if (removeSource && !confirmed)
        {
            throw new BuildInputException($"--remove-source deletes volume '{from}' and its data after the copy: add --confirm to do it.");
        }

        var fromExists = Exists(from);
        var toExists = Exists(to);
        if (!fromExists)
        {
            return toExists
                ? []
                : throw new BuildInputException($"There is no Docker volume '{from}' on {shell.Target.Host}: check the name with 'docker volume ls'.");
        }

        var users = Users(from, to);
        if (users.Count > 0)
        {
            throw new BuildInputException(
                $"Containers running on {shell.Target.Host} use the volumes: {string.Join(", ", users)}. Stop them first (docker compose stop), then run this again.");
        }

        var changes = new List<HostChange>();
        var source = Count(from, helperImage);
        if (toExists)
        {
            var existing = Count(to, helperImage);
            if (existing != source)
            {
                throw new BuildInputException(
                    $"Volume '{to}' already exists on {shell.Target.Host} and differs from '{from}' ({existing} against {source}): remove it or choose another --to.");
            }
        }
        else
        {
            shell.Run(VolumeRenameCommands.CopyAndCheck(from, to, helperImage, source));
            changes.Add(new HostChange("copy", "copied", $"volume {from} ({source}) into new volume {to}, the copy checked against it"));
        }

        if (removeSource)
        {
            shell.Run(VolumeRenameCommands.Remove(from));
            changes.Add(new HostChange("remove", "removed", $"the source volume {from}"));
        }

        return changes;
    }

    private bool Exists(string volume) =>
        shell.Probe(VolumeRenameCommands.Exists(volume)).Succeeded;

    /// <summary>"name (volume)" for each running container mounting either volume.</summary>
    private List<string> Users(string from, string to)
    {
        var users = new List<string>();
        foreach (var volume in new[] { from, to })
        {
            var names = shell.Probe(VolumeRenameCommands.RunningContainersUsing(volume));
            if (!names.Succeeded)
            {
                throw new RemoteCommandException($"Could not list the containers on {shell.Target.Host}: {names.StandardError.Trim()}", names.ExitCode);
            }

            users.AddRange(names.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(name => $"{name} ({volume})"));
        }

        return users;
    }

    private VolumeContent Count(string volume, string helperImage) => VolumeContent.Parse(shell.Read(VolumeRenameCommands.Count(volume, helperImage)));
}
