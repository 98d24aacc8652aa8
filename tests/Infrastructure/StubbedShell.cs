using System.Diagnostics;
using System.Runtime.Versioning;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tests.Infrastructure;

/// <summary>
/// Runs a built command line in a real <c>/bin/sh</c> whose PATH holds only stubs of the named
/// programs: each stub records its name and the arguments it was given, and succeeds. So a test sees
/// exactly the words each program would receive on the host, and that no value ran as a command,
/// while nothing real (mount, mkfs, docker) runs on this machine. Shell builtins still run.
/// </summary>
[UnsupportedOSPlatform("windows")]
public static class StubbedShell
{
    private const char ArgumentEnd = '\0';
    private const char CallEnd = '\u001e';

    /// <summary>
    /// Values a setting could carry that a shell would split, expand or run unless quoted: a test passes
    /// each through a builder and expects it back as one unchanged argument.
    /// </summary>
    public static TheoryData<string> HostileValues =>
    [
        "two  words", "it's", "''", "\"double\"", "$(touch /tmp/stubbed-shell-pwned)", "`id`", "a;b|c&d>e", "new\nline", "tab\there", "${PATH}", "*", "~", "back\\slash",
    ];

    /// <summary>Each program call in order: its name, then its arguments.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<string>>> Calls(RemoteCommand command, params string[] programs) =>
        (await Run(command, programs)).Calls;

    /// <summary>The exit status and standard error of the command line, the programs stubbed.</summary>
    public static async Task<(int ExitCode, string StandardError)> Failure(RemoteCommand command, params string[] programs)
    {
        var run = await Run(command, programs);
        return (run.ExitCode, run.StandardError);
    }

    private static async Task<(IReadOnlyList<IReadOnlyList<string>> Calls, int ExitCode, string StandardError)> Run(RemoteCommand command, string[] programs)
    {
        Requires.That(File.Exists("/bin/sh"), "/bin/sh is needed to run the command lines");
        using var directory = new TemporaryDirectory();
        var log = directory.Combine("calls");
        var bin = directory.Combine("bin");
        Directory.CreateDirectory(bin);
        foreach (var program in programs)
        {
            var stub = Path.Combine(bin, program);
            // printf is a builtin, so the stub needs nothing from PATH.
            File.WriteAllText(stub, $"#!/bin/sh\nprintf '%s\\0' \"${{0##*/}}\" \"$@\" >> \"$STUB_LOG\"\nprintf '\\036' >> \"$STUB_LOG\"\n");
            File.SetUnixFileMode(stub, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command.Text);
        start.Environment.Clear();
        start.Environment["PATH"] = bin;
        start.Environment["STUB_LOG"] = log;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        await stdout;

        var recorded = File.Exists(log) ? await File.ReadAllTextAsync(log, TestContext.Current.CancellationToken) : string.Empty;
        var calls = recorded.Split(CallEnd, StringSplitOptions.RemoveEmptyEntries)
            .Select(call => (IReadOnlyList<string>)call.Split(ArgumentEnd)[..^1])
            .ToList();
        return (calls, process.ExitCode, await stderr);
    }
}
