using System.Text;

namespace PrivateCloud.Tasks.Plumbing.Remote;

/// <summary>
/// Environment variables for a remote command whose values travel on its stdin, one base64 line
/// each, read by the remote shell's builtins and exported to the program that follows: they appear
/// on no command line on either machine, and any byte survives.
/// </summary>
public static class StdinVariables
{
    /// <summary>Shell text to put before the command: reads and exports one line per name, in order.</summary>
    /// <param name="names">Portable variable names only: each becomes a shell variable.</param>
    public static string ReadScript(IEnumerable<string> names) =>
        string.Concat(names.Select(name =>
            $"IFS= read -r {name} && {name}=$(printf %s \"${name}\" | base64 -d && echo x) && {name}=${{{name}%x}} && export {name} && "));

    /// <summary>The stdin bytes <see cref="ReadScript"/> reads: the values in the same order as the names.</summary>
    public static byte[] Input(IEnumerable<string> values) =>
        Encoding.ASCII.GetBytes(string.Concat(values.Select(value => Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) + "\n")));
}
