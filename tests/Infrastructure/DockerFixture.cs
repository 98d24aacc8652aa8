using System.Diagnostics;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Plumbing.Secrets;

namespace PrivateCloud.Tests.Infrastructure;

/// <summary>
/// A reachable Docker engine with the tiny base image every test image builds on. The engine and
/// the image are prepared once per test run and shared by all test classes (and by other test
/// runs on the machine: a dockerd this starts is left running). Nothing is ever pulled: there is
/// no registry, so the base image is busybox-static copied into an image FROM scratch.
/// </summary>
public sealed class DockerFixture
{
    public const string BaseImage = "privatecloud-test/busybox:latest";

    private const string StaticBusybox = "/bin/busybox";
    private static readonly TimeSpan EngineStartTimeout = TimeSpan.FromSeconds(60);

    // Null when ready, otherwise why Docker tests cannot run.
    private static readonly Lazy<string?> Problem = new(Prepare);

    public SecretRedactor Redactor { get; } = new();

    /// <summary>A runner for Docker commands; its streamed lines go nowhere, results carry the output.</summary>
    public CommandRunner Runner => CakeProcesses.CreateCommandRunner(Redactor);

    /// <summary>The compose auto picks here (v2 plugin, else docker-compose v1).</summary>
    public ComposeTool Compose => InstalledCompose.Require();

    /// <summary>Why no engine and base image can be had, or null when they are ready; prepares them on first use.</summary>
    public static string? WhyUnavailable => Problem.Value;

    /// <summary>Skips (or under CI fails) the test when no engine and base image can be had.</summary>
    public void RequireEngine() => Requires.That(Problem.Value is null, Problem.Value ?? string.Empty);

    /// <summary>The engine and the compose of this flavour (null: what auto picks); skips (or under CI fails) the test without them.</summary>
    public ComposeTool RequireCompose(ComposeFlavor? flavor = null)
    {
        RequireEngine();
        return InstalledCompose.Require(flavor);
    }

    private static string? Prepare()
    {
        var runner = CakeProcesses.CreateCommandRunner();
        return EnsureEngine(runner) ?? EnsureBaseImage(runner);
    }

    private static string? EnsureEngine(CommandRunner runner)
    {
        if (!Requires.Executable("docker"))
        {
            return "The docker CLI is not installed";
        }

        var engine = new DockerEngine(runner, DockerEngineTarget.Local);
        if (engine.IsReachable())
        {
            return null;
        }

        if (Environment.UserName != "root" || !Requires.Executable("dockerd"))
        {
            return "No Docker engine answers `docker info`, and dockerd cannot be started here (needs root and dockerd)";
        }

        var log = StartDockerd();
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < EngineStartTimeout)
        {
            if (engine.IsReachable())
            {
                return null;
            }

            Thread.Sleep(500);
        }

        return $"Started dockerd but it did not answer within {EngineStartTimeout.TotalSeconds:0} s; see {log}";
    }

    /// <summary>
    /// Starts dockerd in the background the way this sandbox allows: vfs works on any filesystem
    /// (overlay does not nest), and there is no netfilter to program.
    /// </summary>
    private static string StartDockerd()
    {
        var log = Path.Combine(Path.GetTempPath(), $"dockerd-{Environment.ProcessId}.log");
        var start = new ProcessStartInfo("/bin/sh")
        {
            ArgumentList =
            {
                "-c",
                "nohup dockerd --storage-driver=vfs --iptables=false --ip6tables=false >\"$1\" 2>&1 &",
                "sh",
                log,
            },
            UseShellExecute = false,
        };
        using var shell = Process.Start(start) ?? throw new InvalidOperationException("Could not start /bin/sh");
        shell.WaitForExit();
        return log;
    }

    private static string? EnsureBaseImage(CommandRunner runner)
    {
        if (runner.Run(new CommandRequest("docker", ["image", "inspect", BaseImage]) { Quiet = true }).Succeeded)
        {
            return null;
        }

        if (!File.Exists(StaticBusybox))
        {
            return $"{StaticBusybox} is missing: install the busybox-static package to build {BaseImage}";
        }

        var context = Directory.CreateTempSubdirectory("busybox-image-");
        try
        {
            File.Copy(StaticBusybox, Path.Combine(context.FullName, "busybox"));
            File.WriteAllText(
                Path.Combine(context.FullName, "Dockerfile"),
                """
                FROM scratch
                COPY busybox /bin/busybox
                RUN ["/bin/busybox", "--install", "-s", "/bin"]
                """);
            var build = runner.Run(new CommandRequest("docker", ["build", "--pull=false", "--tag", BaseImage, context.FullName]) { Quiet = true });
            return build.Succeeded ? null : $"Building {BaseImage} failed: {build.StandardError}";
        }
        finally
        {
            context.Delete(recursive: true);
        }
    }
}
