using PrivateCloud.Tasks.Processes;

namespace PrivateCloud.Tasks.Docker;

/// <summary>
/// The compose implementation installed on the machine running the build. The v2 plugin is
/// preferred; docker-compose 1.29 works too because every call sticks to options both share.
/// </summary>
public sealed record ComposeTool(ComposeFlavor Flavor, string Version)
{
    private static readonly TimeSpan DetectTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Finds `docker compose`, else `docker-compose`; fails with what to install when neither runs.</summary>
    public static ComposeTool Detect(CommandRunner runner) =>
        Detect(request =>
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
        })
        ?? throw new CommandFailedException(
            "Neither `docker compose` (v2 plugin) nor `docker-compose` (v1) runs on this machine: " +
            "install the docker-compose-plugin (or docker-compose) package.");

    /// <summary>
    /// The first flavour whose version command succeeds through <paramref name="run"/> (null: it could
    /// not start), v2 first; null when neither does. Where it runs is the caller's: here or on the host.
    /// </summary>
    public static ComposeTool? Detect(Func<CommandRequest, CommandResult?> run) =>
        new[] { ComposeFlavor.PluginV2, ComposeFlavor.StandaloneV1 }
            .Select(flavor => (Flavor: flavor, Result: run(new ComposeTool(flavor, string.Empty).Request(DockerEngineTarget.Local, ComposeArguments.Version()))))
            .Where(found => found.Result is { Succeeded: true })
            .Select(found => new ComposeTool(found.Flavor, found.Result!.StandardOutput.Trim()))
            .FirstOrDefault();

    /// <summary>The program and leading arguments: engine selection goes before the compose subcommand.</summary>
    public CommandRequest Request(DockerEngineTarget target, IEnumerable<string> composeArguments) =>
        Flavor == ComposeFlavor.PluginV2
            ? new CommandRequest("docker", [.. target.GlobalArguments, "compose", .. composeArguments])
            : new CommandRequest("docker-compose", [.. target.GlobalArguments, .. composeArguments]);

    /// <summary>
    /// Drops the "Attaching to &lt;containers&gt;" line docker-compose v1 puts before `logs` output:
    /// it is not a log line.
    /// </summary>
    public string WithoutAttachHeader(string logsOutput)
    {
        if (Flavor != ComposeFlavor.StandaloneV1 || !logsOutput.StartsWith("Attaching to ", StringComparison.Ordinal))
        {
            return logsOutput;
        }

        var endOfHeader = logsOutput.IndexOf('\n');
        return endOfHeader < 0 ? string.Empty : logsOutput[(endOfHeader + 1)..];
    }

    public override string ToString() =>
        Flavor == ComposeFlavor.PluginV2 ? $"docker compose {Version}" : $"docker-compose {Version}";
}
