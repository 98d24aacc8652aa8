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
        Probe(runner, ComposeFlavor.PluginV2)
        ?? Probe(runner, ComposeFlavor.StandaloneV1)
        ?? throw new CommandFailedException(
            "Neither `docker compose` (v2 plugin) nor `docker-compose` (v1) runs on this machine: " +
            "install the docker-compose-plugin (or docker-compose) package.");

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

    private static ComposeTool? Probe(CommandRunner runner, ComposeFlavor flavor)
    {
        var request = new ComposeTool(flavor, string.Empty).Request(DockerEngineTarget.Local, ["version", "--short"])
            with { Quiet = true, Timeout = DetectTimeout };
        try
        {
            var result = runner.Run(request);
            return result.Succeeded ? new ComposeTool(flavor, result.StandardOutput.Trim()) : null;
        }
        catch (CommandFailedException)
        {
            // The program is not installed at all: try the next flavour.
            return null;
        }
    }
}
