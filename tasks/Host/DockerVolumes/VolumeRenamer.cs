using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Remote;

namespace PrivateCloud.Tasks.Host.DockerVolumes;

/// <summary>
/// "Renames" a named Docker volume the only way Docker allows: a new volume, the files copied by a
/// helper container, the copy checked by counting entries and bytes on both sides. The source stays
/// unless its removal is asked for and confirmed. A second run finds the copy done and changes nothing.
/// </summary>
public sealed class VolumeRenamer(RemoteShell shell)
{
    public IReadOnlyList<string> Rename(string from, string to, string helperImage, bool removeSource, bool confirmed)
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
        // A dry run cannot tell whether an earlier run made the copy, so it shows the copy.
        var toExists = !shell.DryRun && Exists(to);
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

        var changes = new List<string>();
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
            shell.Run(new RemoteCommand($"docker volume create {ShellQuote.Quote(to)}") { Privileged = true });
            shell.Run(new RemoteCommand(
                $"docker run --rm --network none -v {ShellQuote.Quote(from + ":/from:ro")} -v {ShellQuote.Quote(to + ":/to")} {ShellQuote.Quote(helperImage)} " +
                "sh -c 'cd /from && cp -a . /to'") { Privileged = true });
            var copy = Count(to, helperImage);
            if (copy != source)
            {
                throw new InvalidOperationException(
                    $"The copy of '{from}' into '{to}' on {shell.Target.Host} does not match ({copy} against {source}): both volumes are left as they are.");
            }

            changes.Add($"{Would("copy", "copied")} volume {from} into new volume {to}" + (shell.DryRun ? string.Empty : $" ({copy}, checked)"));
        }

        if (removeSource)
        {
            shell.Run(new RemoteCommand($"docker volume rm {ShellQuote.Quote(from)}") { Privileged = true });
            changes.Add($"{Would("remove", "removed")} the source volume {from}");
        }

        return changes;
    }

    private bool Exists(string volume) =>
        shell.Probe(new RemoteCommand($"docker volume inspect {ShellQuote.Quote(volume)} >/dev/null") { Privileged = true }).Succeeded;

    /// <summary>"name (volume)" for each running container mounting either volume.</summary>
    private List<string> Users(string from, string to)
    {
        var users = new List<string>();
        foreach (var volume in new[] { from, to })
        {
            var names = shell.Probe(new RemoteCommand($"docker ps --filter volume={ShellQuote.Quote(volume)} --format '{{{{.Names}}}}'") { Privileged = true });
            if (!names.Succeeded && !shell.DryRun)
            {
                throw new RemoteCommandException($"Could not list the containers on {shell.Target.Host}: {names.Stderr.Trim()}", names.ExitStatus);
            }

            users.AddRange(names.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(name => $"{name} ({volume})"));
        }

        return users;
    }

    private VolumeContent? Count(string volume, string helperImage)
    {
        var output = shell.Run(new RemoteCommand(
            $"docker run --rm --network none -v {ShellQuote.Quote(volume + ":/v:ro")} {ShellQuote.Quote(helperImage)} sh -c {ShellQuote.Quote(VolumeContent.CountScript)}") { Privileged = true });
        return shell.DryRun ? null : VolumeContent.Parse(output);
    }

    private string Would(string verb, string done) => shell.DryRun ? "would " + verb : done;
}
