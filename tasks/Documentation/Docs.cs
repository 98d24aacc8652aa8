using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Documentation.Readme;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tasks.Plumbing.FileSystem;

namespace PrivateCloud.Tasks.Documentation;

[TaskName(nameof(Docs))]
[TaskCategory(TaskCategories.Development)]
[TaskDescription("Regenerates the README's task and settings tables from the tasks and settings themselves; --dryrun only says whether they are stale.")]
[ThisMachineOnly]
public sealed class Docs : FrostingTask<BuildContext>
{
    public const string DefaultTask = "Plan";

    public override void Run(BuildContext context)
    {
        var readme = Path.Combine(SourceRoot.Find(), "README.md");
        if (!File.Exists(readme))
        {
            throw new BuildInputException($"{readme} does not exist: Docs works on a checkout of this project.");
        }

        var current = File.ReadAllText(readme);
        var generated = Generate(current, readme);
        if (generated == current)
        {
            context.Log.Information("{0}: the task and settings tables are up to date.", readme);
        }
        else if (context.DryRun)
        {
            context.Log.Information("{0}: the task or settings table is stale; Docs would rewrite it.", readme);
        }
        else
        {
            File.WriteAllText(readme, generated);
            context.Log.Information("{0}: rewrote the task and settings tables.", readme);
        }
    }

    /// <summary>The README with both tables generated from this assembly's tasks and the settings catalog.</summary>
    public static string Generate(string readme, string path)
    {
        var tasks = ReadmeTables.TaskTable(TaskCatalog.Read(typeof(Docs).Assembly), DefaultTask);
        var withTasks = ReadmeTables.Replace(readme, ReadmeTables.TasksSection, tasks, path);
        return ReadmeTables.Replace(withTasks, ReadmeTables.SettingsSection, ReadmeTables.SettingsTable(SettingCatalog.All), path);
    }
}
