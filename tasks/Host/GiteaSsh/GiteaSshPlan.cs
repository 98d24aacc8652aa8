using System.Globalization;
using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Host.GiteaSsh;

/// <summary>
/// Decides, from probe results alone, which <see cref="GiteaSshStep"/>s the host still needs, so the
/// decisions are testable without a host and a second run plans nothing.
/// </summary>
public static class GiteaSshPlan
{
    /// <summary>The uid and gid Gitea's container runs as by default (USER_UID/USER_GID): the host's git must match to share files.</summary>
    public const int DefaultId = 2022;

    public const string User = "git";
    public const string Home = "/home/git";
    public const string KeyFile = Home + "/.ssh/id_ed25519";
    public const string AuthorizedKeys = Home + "/.ssh/authorized_keys";
    public const string ShimPath = "/usr/local/bin/gitea";

    /// <summary>The restrictions Gitea's documentation puts on the host key: it may only run the forwarded command.</summary>
    public const string KeyOptions = "no-port-forwarding,no-X11-forwarding,no-agent-forwarding,no-pty";

    /// <summary>
    /// Gitea writes <c>command="/usr/local/bin/gitea ... serv key-N"</c> lines into the shared
    /// authorized_keys; on the host that path is this shim, which passes the client's command to
    /// the container's sshd on port 2222 as the git user, where the real gitea binary answers.
    /// </summary>
    public const string ShimText =
        "#!/bin/sh\n" +
        "# Managed by the PrivateCloud build tool (GiteaPassthroughSetup); changes are overwritten.\n" +
        "# Passes git's SSH command from the host to Gitea's sshd inside its container.\n" +
        "exec ssh -p 2222 -o StrictHostKeyChecking=no git@127.0.0.1 \"SSH_ORIGINAL_COMMAND=\\\"$SSH_ORIGINAL_COMMAND\\\" $0 $@\"\n";

    public static IReadOnlyList<GiteaSshStep> Steps(GiteaHostState state, int id = DefaultId)
    {
        var steps = new List<GiteaSshStep>();
        if (state.GroupEntry is null)
        {
            steps.Add(GiteaSshStep.CreateGroup);
        }
        else
        {
            RequireId(state.GroupEntry, field: 2, "group 'git' has gid", id);
        }

        if (state.UserEntry is null)
        {
            steps.Add(GiteaSshStep.CreateUser);
        }
        else
        {
            RequireId(state.UserEntry, field: 2, "user 'git' has uid", id);
            RequireId(state.UserEntry, field: 3, "user 'git' has primary gid", id);
        }

        if (!state.KeyPairExists)
        {
            steps.Add(GiteaSshStep.CreateKeyPair);
        }

        // A new key pair is not in authorized_keys whatever the probe said about the old file.
        if (!state.KeyAuthorized || !state.KeyPairExists)
        {
            steps.Add(GiteaSshStep.AuthorizeKey);
        }

        if (state.Shim != ShimText)
        {
            steps.Add(GiteaSshStep.WriteShim);
        }

        return steps;
    }

    /// <summary>
    /// An existing git account with other ids is left alone: renumbering it would orphan its files,
    /// and Gitea's container could not read the repositories under the wrong owner.
    /// </summary>
    private static void RequireId(string entry, int field, string what, int id)
    {
        var fields = entry.Trim().Split(':');
        var value = fields.Length > field ? fields[field] : string.Empty;
        var expected = id.ToString(CultureInfo.InvariantCulture);
        if (value != expected)
        {
            throw new BuildInputException(
                $"On the host, {what} '{value}' but Gitea's container runs as {expected} ('{entry.Trim()}'): " +
                $"change the existing account to {expected} (usermod/groupmod, then chown its files) or remove it, or set --git-uid, and run again.");
        }
    }
}
