using System.Text.RegularExpressions;
using PrivateCloud.Tasks.Plumbing.Processes;

namespace PrivateCloud.Tasks.Plumbing.Docker;

/// <summary>
/// The compose implementation a machine runs: the v2 plugin or docker-compose 1.29. Either works
/// because every call sticks to options both share; which one is the user's choice
/// (<see cref="ComposeSettings.Compose"/>), else v2 where it is installed.
/// </summary>
public sealed partial record ComposeTool(ComposeFlavor Flavor, string Version)
{
    private static readonly TimeSpan DetectTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Finds the <paramref name="wanted"/> compose on this machine (null: v2, else v1); fails with what to install when it does not run.</summary>
    public static ComposeTool Detect(CommandRunner runner, ComposeFlavor? wanted = null) =>
        Detect(
            request =>
            {
                try
                {
                    return runner.Run(request with { Quiet = true, Timeout = DetectTimeout });
                }
                catch (CommandFailedException)
                {
                    // The program is not installed at all: try the next flavour.
                    return null;
                }
            },
            wanted)
        ?? throw new CommandFailedException(Missing(wanted, "this machine"));

    /// <summary>
    /// The first flavour among those <paramref name="wanted"/> (null: v2, then v1) whose version
    /// command succeeds through <paramref name="run"/> (null: it could not start); null when none
    /// does. Where it runs is the caller's: here or on the host.
    /// </summary>
    public static ComposeTool? Detect(Func<CommandRequest, CommandResult?> run, ComposeFlavor? wanted = null) =>
        (wanted is { } only ? [only] : new[] { ComposeFlavor.PluginV2, ComposeFlavor.StandaloneV1 })
            .Select(flavor => (Flavor: flavor, Result: run(new ComposeTool(flavor, string.Empty).Request(DockerEngineTarget.Local, ComposeArguments.Version()))))
            .Where(found => found.Result is { Succeeded: true })
            .Select(found => new ComposeTool(found.Flavor, found.Result!.StandardOutput.Trim()))
            .FirstOrDefault();

    /// <summary>
    /// A shell script that finds the installed composes without starting them (the plugin takes a
    /// quarter of a second to say its version, docker-compose v1 a whole one): a line "v2 path" for
    /// the plugin, looked for where the docker CLI looks for plugins, and "v1 path" for
    /// docker-compose on the PATH. <see cref="ParseLookup"/> reads its output.
    /// </summary>
    public const string LookupScript =
        "for dir in \"${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins\" /usr/local/lib/docker/cli-plugins /usr/local/libexec/docker/cli-plugins " +
        "/usr/lib/docker/cli-plugins /usr/libexec/docker/cli-plugins; do if [ -x \"$dir/docker-compose\" ]; then echo \"v2 $dir/docker-compose\"; break; fi; done; " +
        "if v1=$(command -v docker-compose); then echo \"v1 $v1\"; fi";

    /// <summary>The composes <see cref="LookupScript"/> found, v2 first, each with its path and no version.</summary>
    public static IReadOnlyList<ComposeTool> ParseLookup(string output) =>
    [
        .. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', 2))
            .Where(parts => parts.Length == 2 && parts[0] is "v1" or "v2")
            .Select(parts => new ComposeTool(parts[0] == "v2" ? ComposeFlavor.PluginV2 : ComposeFlavor.StandaloneV1, string.Empty) { Location = parts[1] })
            .OrderBy(tool => tool.Flavor),
    ];

    /// <summary>Which of the <paramref name="found"/> composes runs for <paramref name="wanted"/> (null: v2, else v1); null when none fits.</summary>
    public static ComposeTool? Choose(IEnumerable<ComposeTool> found, ComposeFlavor? wanted) =>
        found.Where(tool => wanted is null || tool.Flavor == wanted).OrderBy(tool => tool.Flavor).FirstOrDefault();

    /// <summary>Where the program was found, when it was found by <see cref="LookupScript"/> rather than asked its version.</summary>
    public string? Location { get; init; }

    /// <summary>The flavour of the compose whose version is <paramref name="version"/>, as containers' labels give it.</summary>
    public static ComposeFlavor FlavorOf(string version) =>
        version.StartsWith("1.", StringComparison.Ordinal) ? ComposeFlavor.StandaloneV1 : ComposeFlavor.PluginV2;

    /// <summary>Why no compose was found on <paramref name="machine"/>, and what to install or set.</summary>
    public static string Missing(ComposeFlavor? wanted, string machine) => wanted switch
    {
        ComposeFlavor.PluginV2 =>
            $"{ComposeSettings.Compose.Option}=v2, but `docker compose` (the v2 plugin) does not run on {machine}: " +
            $"install it (docker-compose-plugin, or Debian's docker-compose 2.x), or use {ComposeSettings.Compose.Option}=auto.",
        ComposeFlavor.StandaloneV1 =>
            $"{ComposeSettings.Compose.Option}=v1, but `docker-compose` (v1) does not run on {machine}: " +
            $"install Debian bookworm's docker-compose package, or use {ComposeSettings.Compose.Option}=auto.",
        _ =>
            $"Neither `docker compose` (v2 plugin) nor `docker-compose` (v1) runs on {machine}: " +
            "install the docker-compose-plugin (or docker-compose) package.",
    };

    /// <summary>The program and leading arguments: engine selection goes before the compose subcommand.</summary>
    public CommandRequest Request(DockerEngineTarget target, IEnumerable<string> composeArguments) =>
        Flavor == ComposeFlavor.PluginV2
            ? new CommandRequest("docker", [.. target.GlobalArguments, "compose", .. composeArguments])
            : new CommandRequest("docker-compose", [.. target.GlobalArguments, .. composeArguments]);

    /// <summary>
    /// The log lines alone. docker-compose v1 puts an "Attaching to &lt;containers&gt;" line before them,
    /// and the v2 plugin from 2.25 to 2.26 (Debian trixie ships 2.26.1) starts each one with the
    /// terminal's clear-line code even with --no-color (docker/compose#11727): neither is log text.
    /// </summary>
    public string LogText(string logsOutput)
    {
        if (Flavor == ComposeFlavor.PluginV2)
        {
            return ClearLineAtStart().Replace(logsOutput, string.Empty);
        }

        if (!logsOutput.StartsWith("Attaching to ", StringComparison.Ordinal))
        {
            return logsOutput;
        }

        var endOfHeader = logsOutput.IndexOf('\n');
        return endOfHeader < 0 ? string.Empty : logsOutput[(endOfHeader + 1)..];
    }

    public override string ToString() =>
        (Flavor == ComposeFlavor.PluginV2 ? "docker compose" : "docker-compose") + (Location is null ? $" {Version}" : $" at {Location}");

    /// <summary>ANSI "erase in line" (ESC [ 2 K) where a line starts.</summary>
    [GeneratedRegex(@"^\x1b\[2K", RegexOptions.Multiline)]
    private static partial Regex ClearLineAtStart();
}
