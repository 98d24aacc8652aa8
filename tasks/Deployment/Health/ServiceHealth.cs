using Cake.Core.Diagnostics;
using PrivateCloud.Tasks.Docker;

namespace PrivateCloud.Tasks.Deployment.Health;

/// <summary>Waits for the stack to be healthy and, when it is not, shows why.</summary>
public static class ServiceHealth
{
    public const int LogLinesShown = 50;

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    public static void Ensure(BuildContext context)
    {
        var timeout = context.Settings.Deploy.HealthTimeout;
        if (context.DryRun)
        {
            context.Log.Information("Would wait up to {0:N0} s for every service to run and be healthy.", timeout.TotalSeconds);
            return;
        }

        var stack = context.Stack;
        var (statuses, ready) = new HealthWaiter(stack.Ps, TimeProvider.System, PollInterval).Wait(timeout);
        foreach (var status in statuses.Where(s => s.IsReady))
        {
            context.Log.Information("{0}: {1}", status.Service, Describe(status));
        }

        if (ready)
        {
            return;
        }

        if (statuses.Count == 0)
        {
            throw new InvalidOperationException($"No container of compose project {stack.Project.Name} exists on the {stack.Location}: run Up.");
        }

        var failing = statuses.Where(s => !s.IsReady).ToList();
        foreach (var status in failing)
        {
            context.Log.Error("{0}: {1}; its last {2} log lines:", status.Service, Describe(status), LogLinesShown);
            context.Log.Error(stack.Logs(status.Service, LogLinesShown));
        }

        throw new InvalidOperationException(
            $"{failing.Count} service(s) not healthy after {timeout.TotalSeconds:N0} s: "
            + string.Join(", ", failing.Select(s => $"{s.Service} ({Describe(s)})")) + ".");
    }

    private static string Describe(ServiceStatus status) =>
        status.Health == ContainerHealth.None ? status.State : $"{status.State}, {status.Health.ToString().ToLowerInvariant()}";
}
