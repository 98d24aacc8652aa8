using System.Globalization;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Host.GiteaSsh;

/// <summary>
/// Every command line <see cref="GiteaSshSetup"/> runs on the host, built here so their text is
/// checked without a host. The names and paths are <see cref="GiteaSshPlan"/>'s constants; only the
/// uid and a file to read come from settings.
/// </summary>
public static class GiteaSshCommands
{
    /// <summary>The git user's or group's entry (<c>passwd</c> or <c>group</c>); exit status 2 when there is none.</summary>
    public static RemoteCommand Getent(string database) => new($"getent {ShellQuote.Quote(database)} {GiteaSshPlan.User}");

    /// <summary>Succeeds when both halves of the git user's key pair are there.</summary>
    public static RemoteCommand KeyPairExists()
    {
        var key = ShellQuote.Quote(GiteaSshPlan.KeyFile);
        return Root($"test -f {key} && test -f {key}.pub");
    }

    /// <summary>Succeeds when authorized_keys holds the git user's public key with the shim's options.</summary>
    public static RemoteCommand KeyAuthorized() => Root(
        $"grep -qxF \"{GiteaSshPlan.KeyOptions} $(cat {ShellQuote.Quote(GiteaSshPlan.KeyFile)}.pub 2>/dev/null)\" {ShellQuote.Quote(GiteaSshPlan.AuthorizedKeys)}");

    /// <summary>The file's text; fails when it is missing.</summary>
    public static RemoteCommand ReadFile(string path) => Root($"cat -- {ShellQuote.Quote(path)}");

    /// <summary>The command for a step run as a command; the shim and the pinned key are files, written through <see cref="RemoteFiles"/>.</summary>
    public static RemoteCommand For(GiteaSshStep step, int id)
    {
        var number = id.ToString(CultureInfo.InvariantCulture);
        return Root(step switch
        {
            GiteaSshStep.CreateGroup => $"groupadd -g {number} {GiteaSshPlan.User}",
            GiteaSshStep.CreateUser => $"useradd -u {number} -g {number} -m -d {GiteaSshPlan.Home} -s /bin/bash {GiteaSshPlan.User}",
            GiteaSshStep.CreateKeyPair => AsGit(
                $"mkdir -p -m 700 {GiteaSshPlan.Home}/.ssh && ssh-keygen -q -t ed25519 -N \"\" -C gitea-passthrough -f {GiteaSshPlan.KeyFile}"),
            // The line is built on the host from the public key there: the key pair may have been made a step earlier.
            GiteaSshStep.AuthorizeKey => AsGit(
                $"line=\"{GiteaSshPlan.KeyOptions} $(cat {GiteaSshPlan.KeyFile}.pub)\" && touch {GiteaSshPlan.AuthorizedKeys} && " +
                $"chmod 600 {GiteaSshPlan.AuthorizedKeys} && {{ grep -qxF \"$line\" {GiteaSshPlan.AuthorizedKeys} || " +
                $"printf '%s\\n' \"$line\" >> {GiteaSshPlan.AuthorizedKeys}; }}"),
            _ => throw new ArgumentOutOfRangeException(nameof(step), step, "written through RemoteFiles, not a command"),
        });
    }

    /// <summary>
    /// runuser (util-linux, on every Debian) instead of sudo -u, which minimal hosts lack; files then
    /// belong to git from the start.
    /// </summary>
    private static string AsGit(string script) => $"runuser -u {GiteaSshPlan.User} -- sh -c {ShellQuote.Quote(script)}";

    private static RemoteCommand Root(string text) => new(text) { Privileged = true };
}
