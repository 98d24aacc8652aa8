using System.Globalization;
using PrivateCloud.Tasks.Host.Reporting;
using PrivateCloud.Tasks.Remote;

namespace PrivateCloud.Tasks.Host.GiteaSsh;

/// <summary>
/// Sets the host up so <c>git@host</c> over the host's own sshd reaches Gitea in its container
/// (Gitea's "SSH container passthrough" with a shim): probes the host, lets
/// <see cref="GiteaSshPlan"/> decide, then runs only the missing steps.
/// </summary>
public sealed class GiteaPassthroughSetup(
    RemoteShell shell, Action<string> warn, string containerHostKeyFile, int id = GiteaSshPlan.DefaultId)
{
    private const int GetentNotFound = 2;

    /// <summary>Performs the missing steps; returns what changed (empty: nothing to change).</summary>
    public IReadOnlyList<HostChange> Ensure()
    {
        var state = Inspect();
        var steps = GiteaSshPlan.Steps(state, id);
        var files = new RemoteFiles(shell);
        var changes = new List<HostChange>();
        if (state.ContainerHostKey is null)
        {
            warn($"Gitea's SSH host key {containerHostKeyFile} is not on {shell.Target} yet, so the shim trusts no container and " +
                 "git over SSH fails: start Gitea (or set --gitea-host-key), then run SetUpGiteaSsh again.");
        }

        foreach (var step in steps)
        {
            if (step == GiteaSshStep.WriteShim)
            {
                files.Write(GiteaSshPlan.ShimPath, GiteaSshPlan.ShimText, "755", "root:root");
            }
            else if (step == GiteaSshStep.PinHostKey)
            {
                files.Write(GiteaSshPlan.PinnedKeysFile, GiteaSshPlan.PinnedKeys(state.ContainerHostKey!, containerHostKeyFile), "644", "root:root");
            }
            else
            {
                shell.Run(CommandFor(step));
            }

            changes.Add(Describe(step));
        }

        return changes;
    }

    /// <summary>Read-only probes of the host.</summary>
    public GiteaHostState Inspect()
    {
        var group = Getent("group");
        var user = Getent("passwd");
        var key = ShellQuote.Quote(GiteaSshPlan.KeyFile);
        var keyPair = shell.Probe(new RemoteCommand($"test -f {key} && test -f {key}.pub") { Privileged = true });
        var authorized = shell.Probe(new RemoteCommand(
            $"grep -qxF \"{GiteaSshPlan.KeyOptions} $(cat {key}.pub 2>/dev/null)\" {ShellQuote.Quote(GiteaSshPlan.AuthorizedKeys)}") { Privileged = true });
        var shim = ReadFile(GiteaSshPlan.ShimPath);
        var containerKey = ReadFile(containerHostKeyFile);
        var pinned = ReadFile(GiteaSshPlan.PinnedKeysFile);

        return new GiteaHostState(group, user, keyPair.Succeeded, authorized.Succeeded, shim)
        {
            ContainerHostKeyFile = containerHostKeyFile,
            ContainerHostKey = containerKey,
            PinnedKeys = pinned,
        };
    }

    /// <summary>The file's text, null when it is missing.</summary>
    private string? ReadFile(string path)
    {
        var result = shell.Probe(new RemoteCommand($"cat -- {ShellQuote.Quote(path)}") { Privileged = true });
        return result.Succeeded ? result.StandardOutput : null;
    }

    internal RemoteCommand CommandFor(GiteaSshStep step) => new(step switch
    {
        GiteaSshStep.CreateGroup => $"groupadd -g {Id} {GiteaSshPlan.User}",
        GiteaSshStep.CreateUser => $"useradd -u {Id} -g {Id} -m -d {GiteaSshPlan.Home} -s /bin/bash {GiteaSshPlan.User}",
        GiteaSshStep.CreateKeyPair => AsGit(
            $"mkdir -p -m 700 {GiteaSshPlan.Home}/.ssh && ssh-keygen -q -t ed25519 -N \"\" -C gitea-passthrough -f {GiteaSshPlan.KeyFile}"),
        // The line is built on the host from the public key there: the key pair may have been made a step earlier.
        GiteaSshStep.AuthorizeKey => AsGit(
            $"line=\"{GiteaSshPlan.KeyOptions} $(cat {GiteaSshPlan.KeyFile}.pub)\" && touch {GiteaSshPlan.AuthorizedKeys} && " +
            $"chmod 600 {GiteaSshPlan.AuthorizedKeys} && {{ grep -qxF \"$line\" {GiteaSshPlan.AuthorizedKeys} || " +
            $"printf '%s\\n' \"$line\" >> {GiteaSshPlan.AuthorizedKeys}; }}"),
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "written through RemoteFiles, not a command"),
    })
    {
        Privileged = true,
    };

    /// <summary>
    /// runuser (util-linux, on every Debian) instead of sudo -u, which minimal hosts lack; files then
    /// belong to git from the start.
    /// </summary>
    private static string AsGit(string script) => $"runuser -u {GiteaSshPlan.User} -- sh -c {ShellQuote.Quote(script)}";

    private HostChange Describe(GiteaSshStep step) => step switch
    {
        GiteaSshStep.CreateGroup => new("create", "create", $"group git (gid {Id})"),
        GiteaSshStep.CreateUser => new("create", "create", $"user git (uid {Id}, home {GiteaSshPlan.Home})"),
        GiteaSshStep.CreateKeyPair => new("create", "create", $"the git user's key pair {GiteaSshPlan.KeyFile}"),
        GiteaSshStep.AuthorizeKey => new("authorize", "authorize", $"the git user's key in {GiteaSshPlan.AuthorizedKeys}"),
        GiteaSshStep.PinHostKey => new("pin", "pin", $"Gitea's SSH host key from {containerHostKeyFile} in {GiteaSshPlan.PinnedKeysFile}"),
        _ => new("write", "write", $"the SSH shim {GiteaSshPlan.ShimPath}"),
    };

    private string Id => id.ToString(CultureInfo.InvariantCulture);

    private string? Getent(string database)
    {
        var result = shell.Probe(new RemoteCommand($"getent {database} {GiteaSshPlan.User}"));
        return result.ExitCode switch
        {
            0 => result.StandardOutput,
            GetentNotFound => null,
            _ => throw new RemoteCommandException(
                $"getent {database} {GiteaSshPlan.User} failed on {shell.Target}: {result.StandardError.Trim()}", result.ExitCode),
        };
    }
}
