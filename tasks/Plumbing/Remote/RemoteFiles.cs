using System.Globalization;
using System.Text;

namespace PrivateCloud.Tasks.Plumbing.Remote;

/// <summary>Reads and writes whole files on the target through <see cref="RemoteShell"/>.</summary>
public sealed class RemoteFiles(RemoteShell shell)
{
    /// <summary>
    /// Puts <paramref name="content"/> at <paramref name="path"/> with the given octal mode (and
    /// <c>user[:group]</c> owner). The bytes go on stdin into a temporary file beside the target,
    /// which is renamed over it, so a reader never sees half a file and secrets never reach a command
    /// line. Returns false, touching nothing, when the file already has that content, mode and owner
    /// (a read, so a dry run answers it too).
    /// </summary>
    public bool Write(string path, byte[] content, string mode = "644", string? owner = null)
    {
        var octalMode = NormalizeMode(mode);
        var target = ShellQuote.Quote(path);
        var ownerCheck = owner is null
            ? string.Empty
            : $" && [ \"$(stat -c {(owner.Contains(':') ? "%U:%G" : "%U")} -- {target})\" = {ShellQuote.Quote(owner)} ]";
        var same = $"[ -f {target} ] && cmp -s - {target} && [ \"$(stat -c %a -- {target})\" = {octalMode} ]{ownerCheck}";
        if (shell.Probe(new RemoteCommand(same) { Input = content, Privileged = true }).Succeeded)
        {
            return false;
        }

        var script = new StringBuilder()
            .Append("set -e; ")
            .Append($"target={target}; ")
            .Append("mkdir -p -- \"$(dirname -- \"$target\")\"; ")
            .Append("tmp=$(mktemp \"$(dirname -- \"$target\")/.$(basename -- \"$target\").XXXXXX\"); ")
            .Append("trap 'rm -f -- \"$tmp\"' EXIT; ")
            .Append("cat > \"$tmp\"; ")
            .Append($"chmod {octalMode} \"$tmp\"; ")
            .Append(owner is null ? string.Empty : $"chown {ShellQuote.Quote(owner)} \"$tmp\"; ")
            .Append("mv -f -- \"$tmp\" \"$target\"")
            .ToString();

        shell.Run(new RemoteCommand(script) { Input = content, Privileged = true });
        return true;
    }

    public bool Write(string path, string content, string mode = "644", string? owner = null) =>
        Write(path, Encoding.UTF8.GetBytes(content), mode, owner);

    /// <summary>The file's text; a missing or unreadable file fails with cat's own message.</summary>
    public string Read(string path) =>
        shell.Read(new RemoteCommand($"cat -- {ShellQuote.Quote(path)}") { Privileged = true });

    public bool Exists(string path) =>
        shell.Probe(new RemoteCommand($"test -e {ShellQuote.Quote(path)}") { Privileged = true }).Succeeded;

    /// <summary>"0640" and "640" both become "640", the form <c>stat -c %a</c> prints.</summary>
    private static string NormalizeMode(string mode)
    {
        if (mode.Length is < 1 or > 4 || !mode.All(c => c is >= '0' and <= '7'))
        {
            throw new ArgumentException($"File mode '{mode}' is not an octal mode like 644 or 0600.", nameof(mode));
        }

        return Convert.ToString(Convert.ToInt32(mode, 8), 8);
    }
}
