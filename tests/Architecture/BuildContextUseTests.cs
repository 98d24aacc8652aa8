using System.Text.RegularExpressions;
using PrivateCloud.Tasks.Plumbing.FileSystem;

namespace PrivateCloud.Tests.Architecture;

/// <summary>
/// Services take no BuildContext: only the task classes and the three root types that fill the
/// context and make the services from it (BuildContext, TaskServices, BuildLifetime) name it, so a
/// service gets the plain values it needs and is tested without Cake. Read from the source, comments left out.
/// </summary>
public sealed partial class BuildContextUseTests
{
    private static readonly string[] RootTypesThatHoldTheContext = ["BuildContext.cs", "TaskServices.cs", "BuildLifetime.cs"];

    [Fact]
    public void Only_the_tasks_and_the_root_types_name_BuildContext()
    {
        var tasksDirectory = Path.Combine(SourceRoot.Find(), "tasks");

        var offenders = Directory.EnumerateFiles(tasksDirectory, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(tasksDirectory, path).Replace('\\', '/'))
            .Where(file => !file.StartsWith("bin/", StringComparison.Ordinal) && !file.StartsWith("obj/", StringComparison.Ordinal))
            .Where(file => !RootTypesThatHoldTheContext.Contains(file))
            .Where(file => NamesTheContextOutsideATask(File.ReadAllText(Path.Combine(tasksDirectory, file))))
            .Order(StringComparer.Ordinal);

        Assert.Empty(offenders);
    }

    [Theory]
    [InlineData("public sealed class Up : FrostingTask<BuildContext>\n{\n    public override void Run(BuildContext context) { }\n}", false)]
    [InlineData("public sealed class Plan(ICakeEngine engine) : FrostingTask<BuildContext>\n{\n    public override void Run(BuildContext context) { }\n}", false)]
    [InlineData("public sealed class Wait : AsyncFrostingTask<BuildContext>\n{\n}", false)]
    [InlineData("/// <summary>Made from the <see cref=\"BuildContext\"/>'s settings.</summary>\npublic static class HostChanges\n{\n    // not the BuildContext\n}", false)]
    [InlineData("public static class BuildContexts\n{\n}", false)]
    [InlineData("public static class HostChanges\n{\n    public static void Report(BuildContext context) { }\n}", true)]
    [InlineData("public sealed class Checks(PrivateCloud.Tasks.BuildContext context)\n{\n}", true)]
    public void A_service_naming_the_context_is_found_and_a_task_is_not(string source, bool found) =>
        Assert.Equal(found, NamesTheContextOutsideATask(source));

    private static bool NamesTheContextOutsideATask(string source) =>
        !TaskClass().IsMatch(source) && ContextName().IsMatch(Comment().Replace(source, string.Empty));

    [GeneratedRegex(@"class \w+(\([^)]*\))? : (Async)?FrostingTask<BuildContext>")]
    private static partial Regex TaskClass();

    [GeneratedRegex(@"\bBuildContext\b")]
    private static partial Regex ContextName();

    [GeneratedRegex(@"//.*$", RegexOptions.Multiline)]
    private static partial Regex Comment();
}
