using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Testing.DotnetTest;
using PrivateCloud.Tests.Infrastructure;
using PrivateCloud.Tasks.Plumbing.FileSystem;

namespace PrivateCloud.Tests.Cli;

/// <summary>
/// build.ps1 under a real PowerShell 7 (the PowerShell global tool; .ci/run installs it) on this
/// Linux machine: it builds the program on first use, runs it with the arguments and its exit code,
/// keeps stdout for the program, and rebuilds only after a source changed. Runs on a copy of the
/// sources, so the checkout's own .build/bin (which may be running these tests) is never rebuilt.
/// Windows itself is not tested here: the script's only platform branch is the program's name.
/// </summary>
public sealed class BuildScriptTests : IDisposable
{
    private static readonly string[] Sources = ["build", "frosting", "tasks", "global.json", "Directory.Build.props", "Directory.Build.targets", "build.ps1"];

    private readonly TemporaryDirectory _copy = new();
    private readonly CommandRunner _runner = CakeProcesses.CreateCommandRunner();

    public void Dispose() => _copy.Dispose();

    [Fact]
    public void Build_ps1_builds_once_runs_the_program_with_its_exit_code_and_rebuilds_after_a_change()
    {
        Requires.That(Requires.Executable("pwsh"), "PowerShell 7 (pwsh) is needed: dotnet tool install PowerShell --version 7.6.9 --tool-path <dir>, then put pwsh on PATH");
        CopySources();
        var stamp = _copy.Combine(".build", "built-ps1");

        var first = Pwsh("--version");
        var built = File.GetLastWriteTimeUtc(stamp);
        var second = Pwsh("--target=NoSuchTask");
        var afterSecond = File.GetLastWriteTimeUtc(stamp);
        File.SetLastWriteTimeUtc(_copy.Combine("tasks", "BuildContext.cs"), DateTime.UtcNow.AddMinutes(1));
        var third = Pwsh("--version");

        Assert.True(first.Succeeded, first.StandardError);
        Assert.Matches(@"^\d+\.\d+\.\d+ \(Cake \d+\.\d+\.\d+\)\n?$", first.StandardOutput);
        Assert.True(File.Exists(_copy.Combine(".build", "bin", OperatingSystem.IsWindows() ? "Build.exe" : "Build")));
        Assert.Equal(2, second.ExitCode);
        Assert.Contains("The target 'NoSuchTask' was not found", second.StandardError);
        Assert.Equal(built, afterSecond);
        Assert.True(third.Succeeded, third.StandardError);
        Assert.True(File.GetLastWriteTimeUtc(stamp) > afterSecond, "build.ps1 did not rebuild after a source file changed");
    }

    private CommandResult Pwsh(params string[] arguments) =>
        _runner.Run(new CommandRequest("pwsh", ["-NoProfile", "-NonInteractive", "-File", _copy.Combine("build.ps1"), .. arguments])
        {
            Quiet = true,
            WorkingDirectory = _copy.Path,
            Timeout = TimeSpan.FromMinutes(10),
        });

    private void CopySources()
    {
        var root = SourceRoot.Find();
        foreach (var source in Sources)
        {
            var path = Path.Combine(root, source);
            var files = File.Exists(path) ? [path] : Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories);
            foreach (var file in files)
            {
                var relative = Path.GetRelativePath(root, file);
                if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
                {
                    continue;
                }

                var destination = _copy.Combine(relative);
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(file, destination);
            }
        }
    }
}
