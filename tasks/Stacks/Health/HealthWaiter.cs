using PrivateCloud.Tasks.Plumbing.Docker;

namespace PrivateCloud.Tasks.Stacks.Health;

/// <summary>Polls the project's containers until every one runs (and is healthy where it has a healthcheck) or time runs out.</summary>
public sealed class HealthWaiter(Func<IReadOnlyList<ServiceStatus>> readStatuses, TimeProvider time, TimeSpan pollInterval)
{
    /// <returns>The last statuses read, and whether they were all ready.</returns>
    public (IReadOnlyList<ServiceStatus> Statuses, bool Ready) Wait(TimeSpan timeout)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            var statuses = readStatuses();
            var ready = statuses.Count > 0 && statuses.All(s => s.IsReady);
            if (ready || time.GetUtcNow() >= deadline)
            {
                return (statuses, ready);
            }

            Thread.Sleep(pollInterval);
        }
    }
}
