using System.Globalization;
using PrivateCloud.Tasks.Plumbing.Reporting;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Host.GiteaSsh;

/// <summary>
/// Sets the host up so <c>git@host</c> over the host's own sshd reaches Gitea in its container
/// (Gitea's "SSH container passthrough" with a shim): probes the host, lets
/// <see cref="GiteaSshPlan"/> decide, then runs only the missing steps.
/// </summary>
public sealed class GiteaSshSetup(
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
                shell.Run(GiteaSshCommands.For(step, id));
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
        var keyPair = shell.Probe(GiteaSshCommands.KeyPairExists());
        var authorized = shell.Probe(GiteaSshCommands.KeyAuthorized());
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
        var result = shell.Probe(GiteaSshCommands.ReadFile(path));
        return result.Succeeded ? result.StandardOutput : null;
    }

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
        var result = shell.Probe(GiteaSshCommands.Getent(database));
        return result.ExitCode switch
        {
            0 => result.StandardOutput,
            GetentNotFound => null,
            _ => throw new RemoteCommandException(
                $"getent {database} {GiteaSshPlan.User} failed on {shell.Target}: {result.StandardError.Trim()}", result.ExitCode),
        };
    }
}
