using System.Globalization;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Remote;

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
    /// Gitea's image keeps its sshd host keys in /data/ssh, which the stack binds to FILES_DIR/gitea
    /// (the install guide's /mnt/files/gitea): the key's place below FILES_DIR.
    /// </summary>
    public const string HostKeyUnderFilesDir = "gitea/ssh/ssh_host_ed25519_key.pub";

    /// <summary>Where the host pins the container sshd's host key: outside /home/git/.ssh, which the container shares and could rewrite.</summary>
    public const string PinnedKeysFile = "/etc/ssh/gitea_known_hosts";

    /// <summary>The port Gitea's container publishes its own sshd on, on the host's loopback.</summary>
    public const int ContainerPort = 2222;

    /// <summary>The shim of a real host: it reaches the container as git, with the git user's key, on port 2222.</summary>
    public static string ShimText { get; } = Shim(new GiteaShimEnd(User, ContainerPort, KeyFile, PinnedKeysFile, ShimPath));

    /// <summary>
    /// Gitea writes <c>command="/usr/local/bin/gitea ... serv key-N"</c> lines into the shared
    /// authorized_keys; on the host that path is this shim, which passes the client's command to
    /// the container's sshd, where the real gitea binary answers. Every word reaches the container's
    /// shell single-quoted, so the client's command (anything a Gitea user with a key sends) arrives
    /// byte for byte and nothing in it runs; the container's host key must be the pinned one.
    /// </summary>
    public static string Shim(GiteaShimEnd end) => $$"""
        #!/bin/sh
        # Managed by the PrivateCloud build tool (SetUpGiteaSsh); changes are overwritten.
        # Passes git's SSH command from the host to Gitea's sshd inside its container, each word
        # single-quoted so the container's shell expands nothing the client sent.
        quote() {
          rest=$1 quoted=
          while :; do
            case $rest in
              *\'*) quoted="$quoted${rest%%\'*}'\\''"; rest=${rest#*\'} ;;
              *) break ;;
            esac
          done
          printf "'%s%s'" "$quoted" "$rest"
        }
        remote="SSH_ORIGINAL_COMMAND=$(quote "${SSH_ORIGINAL_COMMAND-}") $(quote {{ShellQuote.Quote(end.Program)}})"
        for word in "$@"; do remote="$remote $(quote "$word")"; done
        exec ssh -F none -T -p {{end.Port.ToString(CultureInfo.InvariantCulture)}} -i {{ShellQuote.Quote(end.IdentityFile)}} -o IdentitiesOnly=yes -o BatchMode=yes \
          -o StrictHostKeyChecking=yes -o UserKnownHostsFile={{ShellQuote.Quote(end.KnownHostsFile)}} -o GlobalKnownHostsFile=/dev/null \
          -- {{ShellQuote.Quote(end.User + "@127.0.0.1")}} "$remote"

        """;

    /// <summary>
    /// The pinned-keys file's text for the container's public key file (<c>type base64 [comment]</c>);
    /// anything else there is refused rather than trusted.
    /// </summary>
    public static string PinnedKeys(string publicKey, string source)
    {
        var fields = publicKey.Trim().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (publicKey.Trim().Contains('\n') || fields.Length < 2 || !fields[0].StartsWith("ssh-", StringComparison.Ordinal) && !fields[0].StartsWith("ecdsa-", StringComparison.Ordinal)
            || !IsBase64(fields[1]))
        {
            throw new BuildInputException(
                $"On the host, {source} is not one SSH public key ('type base64 comment'): point --gitea-host-key at the .pub file of Gitea's sshd host key.");
        }

        return $"[127.0.0.1]:{ContainerPort.ToString(CultureInfo.InvariantCulture)} {fields[0]} {fields[1]}\n";
    }

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

        // Without the container's key (Gitea not started yet) nothing is pinned and the shim refuses to connect.
        if (state.ContainerHostKey is { } key && state.PinnedKeys != PinnedKeys(key, state.ContainerHostKeyFile))
        {
            steps.Add(GiteaSshStep.PinHostKey);
        }

        return steps;
    }

    /// <summary>
    /// An existing git account with other ids is left alone: renumbering it would orphan its files,
    /// and Gitea's container could not read the repositories under the wrong owner.
    /// </summary>
    private static bool IsBase64(string text)
    {
        var bytes = new byte[text.Length];
        return Convert.TryFromBase64String(text, bytes, out var length) && length > 0;
    }

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
