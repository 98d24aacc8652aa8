using System.Globalization;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Host.Reporting;
using PrivateCloud.Tasks.Remote;

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
            // One script, so that a dry run shows all of it and a real run cannot report a copy it did not check.
            var expected = string.Create(CultureInfo.InvariantCulture, $"{source.Entries} {source.Bytes}");
            shell.Run(new RemoteCommand(
                "set -e; " +
                $"docker volume create {ShellQuote.Quote(to)} >/dev/null; " +
                $"docker run --rm --network none -v {ShellQuote.Quote(from + ":/from:ro")} -v {ShellQuote.Quote(to + ":/to")} {ShellQuote.Quote(helperImage)} " +
                "sh -c 'cd /from && cp -a . /to'; " +
                $"copy=$({CountCommand(to, helperImage).Text}); " +
                $"[ \"$copy\" = {ShellQuote.Quote(expected)} ] || {{ echo \"the copy in {to} holds $copy (entries bytes), the source {expected}: both volumes are left as they are\" >&2; exit 3; }}")
            {
                Privileged = true,
            });
            changes.Add(new HostChange("copy", "copied", $"volume {from} ({source}) into new volume {to}, the copy checked against it"));
        }

        if (removeSource)
        {
            shell.Run(new RemoteCommand($"docker volume rm {ShellQuote.Quote(from)}") { Privileged = true });
            changes.Add(new HostChange("remove", "removed", $"the source volume {from}"));
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
            if (!names.Succeeded)
            {
                throw new RemoteCommandException($"Could not list the containers on {shell.Target.Host}: {names.StandardError.Trim()}", names.ExitCode);
            }

            users.AddRange(names.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(name => $"{name} ({volume})"));
        }

        return users;
    }

    private VolumeContent Count(string volume, string helperImage) => VolumeContent.Parse(shell.Read(CountCommand(volume, helperImage)));

    private static RemoteCommand CountCommand(string volume, string helperImage) => new(
        $"docker run --rm --network none -v {ShellQuote.Quote(volume + ":/v:ro")} {ShellQuote.Quote(helperImage)} sh -c {ShellQuote.Quote(VolumeContent.CountScript)}")
    {
        Privileged = true,
    };
}
