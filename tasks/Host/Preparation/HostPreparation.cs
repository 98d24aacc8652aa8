using System.Globalization;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Host.Reporting;
using PrivateCloud.Tasks.Remote;

namespace PrivateCloud.Tasks.Host.Preparation;

/// <summary>
/// Gets a fresh host ready for the stack: its packages, the directories its volumes bind to, and
/// the mail directory the mail server's group writes to. Each step probes first and changes only
/// what differs, so a second run reports nothing.
/// </summary>
public sealed class HostPreparation(RemoteShell shell)
{
    public const string MailGroupVariable = "MAIL_VOLUME_GROUP";

    /// <summary>setgid: files the mail server creates inherit the group, so every container in it can read them.</summary>
    public const string MailDirMode = "2775";

    /// <summary>Returns what changed (empty: nothing to change).</summary>
    public IReadOnlyList<HostChange> Ensure(IReadOnlyList<string> packages, IReadOnlyList<string> dataDirs, string mailDir, string mailGroup)
    {
        CheckGroup(mailGroup);
        var changes = new List<HostChange>();
        changes.AddRange(InstallMissing(packages));
        foreach (var dir in dataDirs.Append(mailDir).Distinct(StringComparer.Ordinal))
        {
            if (!shell.Probe(new RemoteCommand($"test -d {ShellQuote.Quote(dir)}") { Privileged = true }).Succeeded)
            {
                shell.Run(new RemoteCommand($"mkdir -p -- {ShellQuote.Quote(dir)}") { Privileged = true });
                changes.Add(new HostChange("create", "created", $"directory {dir}"));
            }
        }

        changes.AddRange(SetMailDirectory(mailDir, mailGroup));
        return changes;
    }

    /// <summary>Installs the packages dpkg does not list as installed; returns what it installed (or, in a dry run, would).</summary>
    public IEnumerable<HostChange> InstallMissing(IReadOnlyList<string> packages)
    {
        var missing = packages
            .Where(package => !DpkgStatus.IsInstalled(shell.Probe($"dpkg-query -W -f='${{Status}}' {ShellQuote.Quote(package)}").StandardOutput))
            .ToList();
        if (missing.Count == 0)
        {
            return [];
        }

        // The package lists only matter when something gets installed; refreshing them costs a round trip to the mirrors.
        shell.Run(new RemoteCommand("apt-get update -qq") { Privileged = true });
        shell.Run(new RemoteCommand(
            $"DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -- {ShellQuote.Join(missing)}") { Privileged = true });
        return missing.Select(package => new HostChange("install", "installed", $"package {package}"));
    }

    /// <summary>A directory not made yet (it is, in a dry run) has neither the group nor the mode.</summary>
    private IEnumerable<HostChange> SetMailDirectory(string mailDir, string group)
    {
        var quoted = ShellQuote.Quote(mailDir);
        var stat = shell.Probe(new RemoteCommand($"stat -c '{DirectoryState.StatFormat}' -- {quoted}") { Privileged = true });
        var state = stat.Succeeded ? DirectoryState.Parse(stat.StandardOutput) : null;
        var changes = new List<HostChange>();
        if (state is null || !state.HasGroup(group))
        {
            shell.Run(new RemoteCommand($"chgrp -- {ShellQuote.Quote(group)} {quoted}") { Privileged = true });
            changes.Add(new HostChange("set", "set", $"the group of {mailDir} to {group} ({MailGroupVariable})"));
        }

        if (state is null || state.Mode != MailDirMode)
        {
            // chgrp clears setgid on some systems, so the mode is set after it.
            shell.Run(new RemoteCommand($"chmod {MailDirMode} -- {quoted}") { Privileged = true });
            changes.Add(new HostChange("set", "set", $"the mode of {mailDir} to {MailDirMode}"));
        }

        return changes;
    }

    /// <summary>A group name must exist on the host (a gid need not: the container's user may be the only one using it).</summary>
    private void CheckGroup(string group)
    {
        if (group.Length == 0 || group.Contains('\0'))
        {
            throw new BuildInputException($"{MailGroupVariable} is empty: set it in the stack's .env to the mail container's group, e.g. 5000.");
        }

        if (int.TryParse(group, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return;
        }

        var found = shell.Probe($"getent group {ShellQuote.Quote(group)}");
        if (!found.Succeeded)
        {
            throw new BuildInputException(
                $"{MailGroupVariable}={group}: no such group on {shell.Target.Host}: create it (groupadd {group}) or give the numeric gid the mail container uses.");
        }
    }
}
