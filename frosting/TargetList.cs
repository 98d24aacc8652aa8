using Cake.Core;

namespace PrivateCloud.Frosting;

/// <summary>
/// Several targets run as the dependencies of one task of the host's, in the order given. Cake's
/// engine, given the targets themselves, orders every task they need its own way, not each target's
/// dependencies in the order the target declares them: PrepareHost,Deploy then ran BuildImages before
/// UploadRelease. Traversing one target keeps the declared order, as a single target's run does.
/// </summary>
internal static class TargetList
{
    /// <summary>The name, which no task class can have: the targets joined by '+', which also names the run in the audit log (<see cref="ExecutionPlan.Name"/>).</summary>
    public static string Name(IReadOnlyList<string> targets) => string.Join('+', targets);

    public static void Register(ICakeEngine engine, string name, IReadOnlyList<string> targets)
    {
        var builder = engine.RegisterTask(name);
        foreach (var target in targets)
        {
            builder.IsDependentOn(target);
        }
    }
}
