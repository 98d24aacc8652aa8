using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Planning;

[TaskName(nameof(Plan))]
[TaskDescription("Shows the tasks a Deploy would run, in order, and the settings it still lacks.")]
public sealed class Plan : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context) => context.Log.Information("plan");
}
