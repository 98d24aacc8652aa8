using System.Globalization;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Stacks.Swarm;

/// <summary>
/// Every command line <see cref="RemoteSwarmEngine"/> runs on the manager, built here so their text,
/// and the quoting of each stack, file and image name in it, is checked without a host.
/// </summary>
public static class RemoteSwarmCommands
{
    /// <summary>
    /// What <see cref="ReadFiles"/> prints on the line of a file that is not there: base64 output always
    /// has a multiple of four characters, so this line can only mean "no such file".
    /// </summary>
    public const string MissingFile = "missing";

    /// <summary>
    /// Deploys <paramref name="stack"/> from <paramref name="fileCount"/> compose files and the
    /// attachments named, which come on stdin first, one base64 line each, into a directory only root
    /// reads and which is removed after; then the variables' values (<see cref="StdinVariables"/>).
    /// </summary>
    public static RemoteCommand DeployStack(
        string stack, int fileCount, IEnumerable<string> attachmentNames, IEnumerable<string> variableNames, IReadOnlyList<string> options)
    {
        var names = Enumerable.Range(0, fileCount).Select(i => $"\"$dir\"/{i.ToString(CultureInfo.InvariantCulture)}.yml").ToList();
        var written = names.Concat(attachmentNames.Select(name => "\"$dir\"/" + ShellQuote.Quote(name)));
        var writeFiles = string.Concat(written.Select(name => $"IFS= read -r file && printf %s \"$file\" | base64 -d > {name} && "));
        var deploy = ShellQuote.Join(["docker", "stack", "deploy", .. options]) + string.Concat(names.Select(name => $" --compose-file {name}")) + " " + ShellQuote.Quote(stack);
        return Root("umask 077 && dir=$(mktemp -d) && trap 'rm -rf \"$dir\"' EXIT && " + writeFiles + StdinVariables.ReadScript(variableNames) + deploy);
    }

    /// <summary>
    /// The id of each image, a line each and in order, in one command: a round trip per image would
    /// cost more than the inspections. An image the manager lacks gets an empty line.
    /// </summary>
    public static RemoteCommand ImageIds(IReadOnlyList<string> references) =>
        Root($"for image in {ShellQuote.Join(references)}; do docker image inspect --format '{{{{.Id}}}}' \"$image\" 2>/dev/null || echo; done");

    /// <summary>Each file under <paramref name="directory"/> as a base64 line, in order, or <see cref="MissingFile"/>.</summary>
    public static RemoteCommand ReadFiles(string directory, IReadOnlyList<string> paths) =>
        Root($"cd {ShellQuote.Quote(directory)} && for f in {ShellQuote.Join(paths)}; do if [ -f \"$f\" ]; then base64 -w0 -- \"$f\"; else printf {MissingFile}; fi; echo; done");

    private static RemoteCommand Root(string text) => new(text) { Privileged = true };
}
