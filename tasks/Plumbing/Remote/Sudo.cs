namespace PrivateCloud.Tasks.Plumbing.Remote;

/// <summary>Runs privileged commands for a non-root account without ever waiting for a password prompt.</summary>
public static class Sudo
{
    private const string PasswordRequired = "a password is required";

    /// <summary>
    /// <c>sudo -n</c> fails at once instead of prompting; the command goes through <c>sh -c</c> so
    /// pipes, redirections and <c>&amp;&amp;</c> all run as root, not only the first word.
    /// </summary>
    public static string Wrap(string command) => "sudo -n -- sh -c " + ShellQuote.Quote(command);

    /// <summary>Whether a failed command's stderr is sudo refusing to run without a password.</summary>
    public static bool AsksForPassword(string stderr) => stderr.Contains(PasswordRequired, StringComparison.OrdinalIgnoreCase);
}
