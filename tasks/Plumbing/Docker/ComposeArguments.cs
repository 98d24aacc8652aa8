using System.Globalization;

namespace PrivateCloud.Tasks.Plumbing.Docker;

/// <summary>
/// Every compose command line the project runs, spelled once for both runners (<see cref="ComposeCli"/>
/// here, <c>RemoteCompose</c> over SSH). Only options docker-compose 1.29 and the v2 plugin share are
/// used, so one spelling serves both; <see cref="ComposeTool.Request"/> puts the program in front.
/// </summary>
public static class ComposeArguments
{
    /// <summary>Validates the files and the interpolation; `--quiet` keeps the (secret-bearing) resolved config unprinted.</summary>
    public static IReadOnlyList<string> Config() => ["config", "--quiet"];

    /// <summary>
    /// Prints each service's configuration hash, the one compose labels the containers it makes
    /// with, one <c>service hash</c> line each; the resolved configuration stays unprinted.
    /// </summary>
    public static IReadOnlyList<string> ConfigHashes() => ["config", "--hash", "*"];

    /// <summary>Reads the output of <see cref="ConfigHashes"/>: service name to hash.</summary>
    public static IReadOnlyDictionary<string, string> ParseConfigHashes(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(words => words.Length == 2)
            .ToDictionary(words => words[0], words => words[1], StringComparer.Ordinal);

    /// <summary>
    /// A build that removes its intermediate containers even when a step fails: a broken
    /// Dockerfile would otherwise leave a stopped container behind at every attempt. Services
    /// build side by side: docker-compose 1.x builds one after the other without --parallel, which
    /// the v2 plugin, parallel anyway, still accepts.
    /// </summary>
    public static IReadOnlyList<string> Build(IReadOnlyCollection<string> services, bool pull, bool noCache) =>
    [
        "build",
        "--force-rm",
        "--parallel",
        .. pull ? ["--pull"] : Array.Empty<string>(),
        .. noCache ? ["--no-cache"] : Array.Empty<string>(),
        .. services,
    ];

    /// <summary>
    /// Starts the services in the background and removes containers of services no longer in the file.
    /// <paramref name="forceRecreate"/> forces new containers for the named services only: compose
    /// cannot see a change in a bind-mounted file, so a service whose configuration file changed is
    /// recreated explicitly, its dependencies left alone.
    /// </summary>
    public static IReadOnlyList<string> Up(IReadOnlyCollection<string> services, bool forceRecreate) =>
        ["up", "-d", "--remove-orphans", .. forceRecreate ? ["--force-recreate", "--no-deps"] : Array.Empty<string>(), .. services];

    /// <summary>Stops and removes the containers of the given services; their volumes stay.</summary>
    public static IReadOnlyList<string> Remove(IReadOnlyCollection<string> services) => ["rm", "--stop", "--force", .. services];

    /// <summary>Stops and removes the project's containers and networks; named volumes go only when asked.</summary>
    public static IReadOnlyList<string> Down(bool removeVolumes) =>
        ["down", "--remove-orphans", .. removeVolumes ? ["--volumes"] : Array.Empty<string>()];

    /// <summary>The last <paramref name="tail"/> log lines of a service, without colours or container prefix.</summary>
    public static IReadOnlyList<string> Logs(string service, int tail)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tail);
        return ["logs", "--no-color", "--no-log-prefix", "--tail", tail.ToString(CultureInfo.InvariantCulture), service];
    }

    /// <summary>The compose version alone, which tells whether this flavour of compose runs at all.</summary>
    public static IReadOnlyList<string> Version() => ["version", "--short"];
}
