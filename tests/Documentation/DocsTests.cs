using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Documentation;
using PrivateCloud.Tasks.Documentation.Readme;
using PrivateCloud.Tasks.Testing.DotnetTest;
using PrivateCloud.Tests.Infrastructure;
using PrivateCloud.Tasks.Plumbing.FileSystem;

namespace PrivateCloud.Tests.Documentation;

/// <summary>The README's generated tables against the tasks and settings the program really has.</summary>
public sealed class DocsTests
{
    private static readonly string ReadmePath = Path.Combine(SourceRoot.Find(), "README.md");

    [Fact]
    public void The_readme_tables_match_the_tasks_and_settings()
    {
        var readme = File.ReadAllText(ReadmePath);

        var generated = Docs.Generate(readme, ReadmePath);

        Assert.True(generated == readme, "README.md's task or settings table is stale: run ./build.sh --target=Docs and commit README.md.");
    }

    [Fact]
    public void Every_task_has_a_description_and_the_settings_that_name_it_as_reader()
    {
        var tasks = TaskCatalog.Read(typeof(Docs).Assembly);

        Assert.Contains(tasks, task => task.Name == "Deploy" && task.Dependencies.Contains("UploadRelease") && task.Settings.Contains("--keep-releases"));
        Assert.Contains(tasks, task => task.Name == "StatusPassword" && task.Settings.SequenceEqual(["--status-user", "--status-password"]));
        Assert.All(tasks, task => Assert.False(string.IsNullOrWhiteSpace(task.Description), $"{task.Name} has no [TaskDescription]"));
    }

    [Fact]
    public void A_stale_table_is_replaced_between_its_markers_and_the_rest_kept()
    {
        var readme = File.ReadAllText(ReadmePath);
        var begin = readme.IndexOf("<!-- tasks:begin", StringComparison.Ordinal);
        var stale = readme.Insert(readme.IndexOf('\n', begin) + 1, "| `Vanished` | a task that no longer exists |  |  |\n");

        var regenerated = Docs.Generate(stale, ReadmePath);

        Assert.NotEqual(readme, stale);
        Assert.Equal(readme, regenerated);
    }

    [Fact]
    public void A_readme_without_the_markers_is_refused_naming_the_file()
    {
        var error = Assert.Throws<BuildInputException>(() => Docs.Generate("# a readme\n", "/somewhere/README.md"));

        Assert.StartsWith("/somewhere/README.md lacks the markers of the generated tasks table", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_Docs_task_reports_an_up_to_date_readme_and_a_dry_run_writes_nothing()
    {
        var before = File.ReadAllText(ReadmePath);

        var result = BuildProgram.Run(SourceRoot.Find(), null, ["--target=Docs", "--dryrun"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("README.md: the task and settings tables are up to date.", result.Output);
        Assert.Equal(before, File.ReadAllText(ReadmePath));
    }
}
