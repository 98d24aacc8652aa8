using System.Reflection;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks;
using PrivateCloud.Tasks.Configuration;
using PrivateCloud.Tasks.Deployment;
using PrivateCloud.Tasks.Planning;
using PrivateCloud.Tasks.Testing.DotnetTest;
using PrivateCloud.Tasks.Plumbing.FileSystem;

namespace PrivateCloud.Tests.Frosting;

/// <summary>
/// The platform gate the lifetime applies before the first task. This machine is Linux, so the
/// platform is given as a function: Windows itself never ran these tasks here.
/// </summary>
public sealed class ExecutionPlanTests
{
    private static bool IsWindows(string platform) => platform == "windows";

    private static bool IsLinux(string platform) => platform == "linux";

    [Fact]
    public void The_first_task_that_does_not_run_on_the_platform_is_named()
    {
        var plan = new ExecutionPlan([typeof(Up)], [typeof(Plan), typeof(RenderConfiguration), typeof(ValidateCompose), typeof(Up)]);

        Assert.Equal(typeof(RenderConfiguration), plan.FirstUnsupported(IsWindows));
        Assert.Null(plan.FirstUnsupported(IsLinux));
    }

    [Fact]
    public void A_plan_of_tasks_that_run_anywhere_passes_on_every_platform()
    {
        var plan = new ExecutionPlan([typeof(Up)], [typeof(Plan), typeof(UploadRelease), typeof(Up)]);

        Assert.Null(plan.FirstUnsupported(IsWindows));
        Assert.Null(plan.FirstUnsupported(IsLinux));
    }

    [Fact]
    public void The_readme_names_exactly_the_tasks_that_do_not_run_on_windows()
    {
        var unixOnly = typeof(BuildContext).Assembly.GetTypes()
            .Where(type => typeof(IFrostingTask).IsAssignableFrom(type) && type.GetCustomAttributes<UnsupportedOSPlatformAttribute>().Any(a => a.PlatformName == "windows"))
            .Select(type => type.Name)
            .Order(StringComparer.Ordinal);
        var readme = Regex.Replace(File.ReadAllText(Path.Combine(SourceRoot.Find(), "README.md")), @"\s+", " ");
        var sentence = Regex.Match(readme, "run on Linux and macOS only: (?<names>[^.]*), so Deploy too").Groups["names"].Value;

        Assert.Equal(unixOnly, Regex.Matches(sentence, "`(?<name>[A-Za-z]+)`").Select(m => m.Groups["name"].Value));
    }
}
