using System.Globalization;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Plumbing.Docker;

namespace PrivateCloud.Tasks.Stacks.Health;

/// <summary>Waits for the stack to be healthy and, when it is not, shows why.</summary>
/// <param name="info">Receives a line for each ready service.</param>
/// <param name="error">Receives the state and last log lines of each failing service.</param>
public sealed class ServiceHealth(IComposeStack stack, TimeProvider time, Action<string> info, Action<string> error)
{
    public const int LogLinesShown = 50;

    // One poll is one `docker inspect` (a round trip over SSH): cheap enough to notice a healthy stack within half a second.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <returns>The containers, all ready.</returns>
    public IReadOnlyList<ServiceStatus> Ensure(TimeSpan timeout)
    {
        var (statuses, ready) = new HealthWaiter(stack.Ps, time, PollInterval).Wait(timeout);
        foreach (var status in statuses.Where(s => s.IsReady))
        {
            info($"{status.Service}: {Describe(status)}");
        }

        if (ready)
        {
            return statuses;
        }

        if (statuses.Count == 0)
        {
            throw new InvalidOperationException($"No container of compose project {stack.Project.Name} exists on the {stack.Location}: run Up.");
        }

        var failing = statuses.Where(s => !s.IsReady).ToList();
        foreach (var status in failing)
        {
            error($"{status.Service}: {Describe(status)}; its last {LogLinesShown.ToString(CultureInfo.InvariantCulture)} log lines:");
            error(stack.Logs(status.Service, LogLinesShown));
        }

        throw new InvalidOperationException(
            $"{failing.Count} service(s) not healthy after {timeout.TotalSeconds:N0} s: "
            + string.Join(", ", failing.Select(s => $"{s.Service} ({Describe(s)})")) + ".");
    }

    private static string Describe(ServiceStatus status) =>
        (status.Health == ContainerHealth.None ? status.State : $"{status.State}, {status.Health.ToString().ToLowerInvariant()}")
        + (status.Error is null ? string.Empty : $", {status.Error}");
}
