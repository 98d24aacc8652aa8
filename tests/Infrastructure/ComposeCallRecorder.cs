namespace PrivateCloud.Tests.Infrastructure;

/// <summary>
/// Counts the compose processes a run starts, here or on the test host: <c>docker</c> and
/// <c>docker-compose</c> wrappers in a directory put first on PATH write their arguments to a log,
/// then hand over to the real programs (exec), so everything still runs for real. A compose call
/// is a <c>docker-compose</c> call or a <c>docker</c> call with the <c>compose</c> subcommand.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ComposeCallRecorder
{
    private readonly string _log;

    /// <summary>Puts the wrappers into <paramref name="directory"/> (replacing earlier ones), logging to a fresh file.</summary>
    public ComposeCallRecorder(string directory, string log)
    {
        Directory = directory;
        _log = log;
        System.IO.Directory.CreateDirectory(directory);
        File.WriteAllText(_log, string.Empty);
        foreach (var program in new[] { "docker", "docker-compose" })
        {
            var real = RealProgram(program, directory);
            if (real is null)
            {
                continue;
            }

            var wrapper = Path.Combine(directory, program);
            File.WriteAllText(wrapper, $"#!/bin/sh\nprintf '%s\\n' \"{program} $*\" >> '{_log}'\nexec '{real}' \"$@\"\n");
            File.SetUnixFileMode(wrapper, (UnixFileMode)0b111_101_101);
        }
    }

    /// <summary>The folder to put first on PATH.</summary>
    public string Directory { get; }

    /// <summary>This machine's PATH with the wrappers first, for the build program's environment.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["PATH"] = $"{Directory}:{System.Environment.GetEnvironmentVariable("PATH")}",
    };

    /// <summary>Every compose call since the recorder was made or last cleared, as "program arguments".</summary>
    public IReadOnlyList<string> ComposeCalls =>
        [.. File.ReadAllLines(_log).Where(line => line.StartsWith("docker-compose ", StringComparison.Ordinal) || line.Split(' ').Contains("compose"))];

    public void Clear() => File.WriteAllText(_log, string.Empty);

    private static string? RealProgram(string name, string except) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Where(folder => Path.GetFullPath(folder) != Path.GetFullPath(except))
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
