using System.Diagnostics;
using System.Text.RegularExpressions;

namespace PrivateCloud.Tests.Infrastructure;

/// <summary>Runs the real build program (the one build.sh runs) as a separate process.</summary>
public static partial class BuildProgram
{
    public sealed record Result(int ExitCode, string Output)
    {
        /// <summary>Standard output alone, for tasks whose stdout is a document (--format=json).</summary>
        public string Stdout { get; init; } = string.Empty;

        public override string ToString() => $"exit {ExitCode}:\n{Output}";
    }

    public const int NobodyId = 65534;

    public static Result Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Start(new ProcessStartInfo(Program), workingDirectory, environment, args);

    /// <summary>Runs the program as the unprivileged user nobody (setpriv, util-linux): for what root could read anyway.</summary>
    public static Result RunAsNobody(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var id = NobodyId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return RunBehind(["setpriv", $"--reuid={id}", $"--regid={id}", "--clear-groups", "--"], workingDirectory, environment, args);
    }

    /// <summary>Runs the program through <paramref name="wrapper"/>, a command line that ends by running the program and arguments appended to it.</summary>
    public static Result RunBehind(IReadOnlyList<string> wrapper, string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Start(new ProcessStartInfo(wrapper[0]), workingDirectory, environment, [.. wrapper.Skip(1), Program, .. args]);

    private static string Program => Path.Combine(AppContext.BaseDirectory, "Build");

    private static Result Start(ProcessStartInfo start, string workingDirectory, IReadOnlyDictionary<string, string>? environment, string[] args)
    {
        start.WorkingDirectory = workingDirectory;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Settings from the test machine's own environment must not leak into the run.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("DEPLOY_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The build program did not finish: {string.Join(' ', args)}");
        }

        return new Result(process.ExitCode, AnsiEscape().Replace(stdout + stderr.Result, string.Empty)) { Stdout = stdout };
    }

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex AnsiEscape();
}
