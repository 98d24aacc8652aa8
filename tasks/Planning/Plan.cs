using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.Graph;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Remote;

namespace PrivateCloud.Tasks.Planning;

[TaskName(nameof(Plan))]
[TaskCategory(TaskCategories.Checks)]
[TaskDescription("Shows, without touching anything, the tasks a Deploy would run in order and the settings it still lacks.")]
[ThisMachineOnly]
public sealed class Plan(ICakeEngine engine) : FrostingTask<BuildContext>
{
    public const string DeployTarget = "Deploy";

    public override void Run(BuildContext context)
    {
        var settings = context.Settings;
        context.Log.Information("Stack: {0}", settings.StackDirectory);
        context.Log.Information("Variables: {0}{1}", settings.EnvFile, settings.EnvFileIsFallback ? " (template: no .env yet)" : string.Empty);
        context.Log.Information("Host: {0}", settings.Ssh?.Target.ToString() ?? "none: compose would run against the local Docker engine");

        var graph = CakeGraphBuilder.Build(engine.Tasks.ToList());
        if (graph.Exist(DeployTarget))
        {
            var descriptions = engine.Tasks.ToDictionary(t => t.Name, t => t.Description, StringComparer.OrdinalIgnoreCase);
            context.Log.Information("A {0} runs, in this order:", DeployTarget);
            var step = 1;
            foreach (var task in graph.Traverse(DeployTarget))
            {
                context.Log.Information("  {0,2}. {1,-22} {2}", step++, task, descriptions.GetValueOrDefault(task));
            }
        }

        if (settings.MissingForDeploy.Count == 0)
        {
            context.Log.Information("Every setting a {0} needs has a value.", DeployTarget);
            return;
        }

        context.Log.Warning("Still missing for a {0} ({1}):", DeployTarget, settings.MissingForDeploy.Count);
        foreach (var missing in settings.MissingForDeploy)
        {
            context.Log.Warning("  - {0}", missing);
        }
    }
}
