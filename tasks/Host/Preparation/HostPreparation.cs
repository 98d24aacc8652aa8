using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Packages;
using PrivateCloud.Tasks.Plumbing.Reporting;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Host.Preparation;

/// <summary>
/// Gets a fresh host ready for the stack: its packages, and the directories its volumes bind to,
/// each owned as the compose file declares (<see cref="DirectoryOwner"/>). Each step probes first
/// and changes only what differs, so a second run reports nothing.
/// </summary>
public sealed class HostPreparation(RemoteShell shell, PackageInstaller packages)
{
    /// <summary>Returns what changed (empty: nothing to change).</summary>
    public IReadOnlyList<HostChange> Ensure(IReadOnlyList<string> packageNames, IReadOnlyList<BindDirectory> directories)
    {
        CheckNames(directories);
        var changes = new List<HostChange>();
        changes.AddRange(packages.InstallMissing(packageNames));
        foreach (var directory in directories)
        {
            changes.AddRange(EnsureDirectory(directory));
        }

        return changes;
    }

    /// <summary>
    /// Only the directory itself, never what is in it: on a host that already holds data the image
    /// owns its files, and a recursive chown of a database or a mail store is not this task's to do.
    /// A directory not made yet (it is, in a dry run) has neither the owner nor the mode.
    /// </summary>
    private IEnumerable<HostChange> EnsureDirectory(BindDirectory directory)
    {
        var path = directory.Path;
        var owner = directory.Owner;
        var changes = new List<HostChange>();
        if (!shell.Probe(DirectoryCommands.Exists(path)).Succeeded)
        {
            shell.Run(DirectoryCommands.Make(path));
            changes.Add(new HostChange("create", "created", $"directory {path}"));
        }

        var stat = shell.Probe(HostPreparationCommands.DirectoryState(path));
        var state = stat.Succeeded ? DirectoryState.Parse(stat.StandardOutput) : null;
        var chown = state is null || !state.HasOwner(owner);
        if (chown)
        {
            shell.Run(HostPreparationCommands.SetOwner(path, owner));
            changes.Add(new HostChange("set", "set", $"the owner of {path} to {owner.User}:{owner.Group}"));
        }

        var modeDiffers = state is null || !state.HasMode(owner);
        if (chown || modeDiffers)
        {
            // chown clears setgid on some systems, so the mode is set again after it.
            shell.Run(HostPreparationCommands.SetMode(path, owner));
        }

        if (modeDiffers)
        {
            changes.Add(new HostChange("set", "set", $"the mode of {path} to {owner.Mode}"));
        }

        return changes;
    }

    /// <summary>A user or group name must exist on the host (an id need not: the container's user may be the only one using it).</summary>
    private void CheckNames(IReadOnlyList<BindDirectory> directories)
    {
        var names = directories.Select(d => ("passwd", d.Owner.User)).Concat(directories.Select(d => ("group", d.Owner.Group)))
            .Where(entry => !DirectoryOwner.IsId(entry.Item2))
            .Distinct();
        foreach (var (database, name) in names)
        {
            if (!shell.Probe(HostPreparationCommands.NameExists(database, name)).Succeeded)
            {
                var what = database == "passwd" ? "user" : "group";
                var users = directories.Where(d => (database == "passwd" ? d.Owner.User : d.Owner.Group) == name).Select(d => d.Path);
                throw new BuildInputException(
                    $"The {what} '{name}' that owns {string.Join(", ", users)} (x-owner in the compose file) does not exist on {shell.Target.Host}: " +
                    $"create it, or declare the numeric id the container uses.");
            }
        }
    }
}
