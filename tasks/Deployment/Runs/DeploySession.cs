using PrivateCloud.Tasks.Deployment.Planning;
using PrivateCloud.Tasks.Stacks.Releases;

namespace PrivateCloud.Tasks.Deployment.Runs;

/// <summary>
/// What only the deploy tasks of a run share: the deploy lock (while taken, then held), what the run
/// read and did (<see cref="Run"/>) and the one decision made from it (<see cref="Plan"/>).
/// </summary>
/// <param name="makePlan">Makes the plan from what the run read and uploaded so far.</param>
/// <param name="log">Receives each reason the plan gives for running compose on an unchanged release, once.</param>
public sealed class DeploySession(Func<DeployRun, DeployPlan> makePlan, Action<string> log)
{
    /// <summary>The deploy lock this changing run holds on the host until it ends; null otherwise.</summary>
    public (HeldDeployLock Lock, string Task)? Lock { get; set; }

    /// <summary>The deploy lock while it is being taken, before the first task that works on the host; null once waited for.</summary>
    public (PendingDeployLock Lock, string Task, bool ReadsHost)? PendingLock { get; set; }

    /// <summary>What the deploy tasks of this run found and did so far; a new host read or upload makes the plan again.</summary>
    public DeployRun Run
    {
        get;
        set
        {
            if (field.Upload != value.Upload || field.Host != value.Host)
            {
                _plan = null;
            }

            field = value;
        }
    } = new();

    private DeployPlan? _plan;

    /// <summary>What this run does and why, decided once from <see cref="Run"/>'s host read and upload; each deploy task reads its skip reason here.</summary>
    public DeployPlan Plan
    {
        get
        {
            if (_plan is null)
            {
                _plan = makePlan(Run);
                if (_plan.Scope == DeployScope.Converge)
                {
                    foreach (var reason in _plan.Reasons)
                    {
                        log($"{char.ToUpperInvariant(reason[0])}{reason[1..]}.");
                    }
                }
            }

            return _plan;
        }
    }
}
