using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.Graph;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Planning;

[TaskName(nameof(Plan))]
[TaskCategory(TaskCategories.Checks)]
[TaskDescription("Shows, without touching anything, the tasks a Deploy would run in order, the settings it still lacks and the secrets still holding .env.dist's public example.")]
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

        var readiness = settings.Readiness;
        if (readiness.Complete)
        {
            context.Log.Information("Every setting a {0} needs has a value.", DeployTarget);
            return;
        }

        if (readiness.Missing.Count > 0)
        {
            context.Log.Warning("Still missing for a {0} ({1}):", DeployTarget, readiness.Missing.Count);
            foreach (var missing in readiness.Missing)
            {
                context.Log.Warning("  - {0}", missing);
            }
        }

        if (readiness.ExampleSecrets.Count > 0)
        {
            context.Log.Warning("Still holding .env.dist's example, which a {0} refuses to publish ({1}):", DeployTarget, readiness.ExampleSecrets.Count);
            foreach (var example in readiness.ExampleSecrets)
            {
                context.Log.Warning("  - {0}", example.Problem);
            }
        }
    }
}
