using System.Text.Json;
using PrivateCloud.Tasks.Plumbing.Docker;

namespace PrivateCloud.Tasks.Stacks.Swarm;

/// <summary>
/// Reads a stack's state from <c>docker service inspect</c> and <c>docker inspect</c> of its tasks, as
/// one status per replica the service wants. A replica is ready when its task runs the service's
/// current spec (Swarm reports a task with a healthcheck as running only once it is healthy). A
/// replica with no such task yet is <c>pending</c>; a service whose current spec has failed or
/// rejected tasks, or whose update paused or rolled back, carries that error on every replica, so
/// a wait for readiness is a wait for convergence.
/// </summary>
public static class SwarmServiceStates
{
    public const string StackLabel = "com.docker.stack.namespace";

    /// <param name="stack">The stack name: services are named <c>&lt;stack&gt;_&lt;service&gt;</c>.</param>
    /// <param name="servicesJson">`docker service inspect` of the stack's services.</param>
    /// <param name="tasksJson">`docker inspect` of their tasks, history included.</param>
    /// <param name="upToDate">The ids of the tasks that run their service's current spec.</param>
    public static IReadOnlyList<ServiceStatus> Read(string stack, string servicesJson, string tasksJson, IReadOnlySet<string> upToDate)
    {
        using var services = JsonDocument.Parse(servicesJson);
        using var tasks = JsonDocument.Parse(tasksJson);
        var tasksByService = tasks.RootElement.EnumerateArray()
            .Select(task => new Task(
                task.GetProperty("ID").GetString()!,
                task.GetProperty("ServiceID").GetString()!,
                task.TryGetProperty("Slot", out var slot) ? slot.GetInt32() : 0,
                task.GetProperty("DesiredState").GetString()!,
                Text(task, "Status", "State"),
                Text(task, "Status", "Err"),
                Text(task, "Status", "ContainerStatus", "ContainerID"),
                Text(task, "Status", "Timestamp")))
            .Where(task => upToDate.Contains(task.Id))
            .ToLookup(task => task.ServiceId);

        var statuses = new List<ServiceStatus>();
        foreach (var service in services.RootElement.EnumerateArray())
        {
            var spec = service.GetProperty("Spec");
            var fullName = spec.GetProperty("Name").GetString()!;
            var name = fullName.StartsWith(stack + "_", StringComparison.Ordinal) ? fullName[(stack.Length + 1)..] : fullName;
            var container = spec.GetProperty("TaskTemplate").GetProperty("ContainerSpec");
            // The spec names the image (with the digest Swarm resolved, if any); the engine's image id is not part of a task.
            var reference = container.GetProperty("Image").GetString()!;
            var image = reference.Split('@')[0];
            var hasHealthcheck = container.TryGetProperty("Healthcheck", out var check)
                && check.TryGetProperty("Test", out var test) && test.ValueKind == JsonValueKind.Array
                && test.GetArrayLength() > 0 && test[0].GetString() != "NONE";
            var serviceTasks = tasksByService[service.GetProperty("ID").GetString()!].ToList();
            var current = serviceTasks.Where(t => t.DesiredState is "running" or "ready").OrderBy(t => t.Slot).ToList();
            var error = UpdateError(service) ?? serviceTasks
                .Where(t => t.State is "failed" or "rejected")
                .OrderByDescending(t => t.Timestamp, StringComparer.Ordinal)
                .Select(t => $"task {t.Id[..Math.Min(12, t.Id.Length)]} {t.State}: {t.Error}")
                .FirstOrDefault();

            foreach (var task in current)
            {
                var health = !hasHealthcheck ? ContainerHealth.None
                    : task.State == "running" ? ContainerHealth.Healthy
                    : ContainerHealth.Starting;
                statuses.Add(new ServiceStatus(name, task.ContainerId ?? string.Empty, $"{name}.{task.Slot}", task.State ?? "unknown", health, image, reference) { Error = error });
            }

            var wanted = Replicas(spec) ?? Math.Max(1, current.Count);
            for (var missing = current.Count; missing < wanted; missing++)
            {
                statuses.Add(new ServiceStatus(name, string.Empty, name, "pending", ContainerHealth.None, image, reference) { Error = error });
            }
        }

        // A stable sort: within a service, its tasks by slot, then the replicas still missing.
        return [.. statuses.OrderBy(s => s.Service, StringComparer.Ordinal)];
    }

    /// <summary>The replicas a replicated service wants; null for a global one (one on each eligible node).</summary>
    private static int? Replicas(JsonElement spec) =>
        spec.TryGetProperty("Mode", out var mode) && mode.TryGetProperty("Replicated", out var replicated) && replicated.TryGetProperty("Replicas", out var replicas)
            ? replicas.GetInt32()
            : null;

    /// <summary>An update that stopped short of the new spec: paused on failures, or rolled back.</summary>
    private static string? UpdateError(JsonElement service)
    {
        if (!service.TryGetProperty("UpdateStatus", out var update) || update.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var state = Text(update, "State");
        return state is "paused" or "rollback_started" or "rollback_paused" or "rollback_completed"
            ? $"update {state.Replace('_', ' ')}: {Text(update, "Message")}"
            : null;
    }

    private static string? Text(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }

    private sealed record Task(string Id, string ServiceId, int Slot, string DesiredState, string? State, string? Error, string? ContainerId, string? Timestamp);
}
