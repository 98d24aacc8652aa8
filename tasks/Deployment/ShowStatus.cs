using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Deployment.Releases;
using PrivateCloud.Tasks.Deployment.Swarm;

namespace PrivateCloud.Tasks.Deployment;

[TaskName(nameof(ShowStatus))]
[TaskCategory(TaskCategories.Checks)]
[TaskAlias("Status")]
[TaskDescription("Shows each service's state, health and image (on a swarm also its replicas and task errors), which release and commit is deployed, and the last 10 lines of the audit log.")]
public sealed class ShowStatus : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var stack = context.Stack;
        if (stack.Releases is { } releases)
        {
            var manifest = releases.CurrentManifest();
            context.Log.Information(
                manifest is null
                    ? "No release is deployed on the host yet."
                    : $"Release {manifest.ReleaseId} (commit {manifest.GitCommit ?? "none"}, deployed {manifest.CreatedUtc:u}), {manifest.Files.Count} files.");
            var audit = new AuditLog(context.Remote, context.Settings.Deploy.RemoteDirectory).Last(10);
            context.Log.Information(audit.Count == 0 ? "No changing run recorded in {0} yet." : "Last changing runs ({0}):", AuditLog.FileName);
            foreach (var line in audit)
            {
                context.Log.Information("  {0}", line);
            }
        }

        var statuses = stack.Ps();
        if (statuses.Count == 0)
        {
            context.Log.Information("No container of compose project {0} on the {1}.", stack.Project.Name, stack.Location);
            return;
        }

        context.Log.Information("{0,-20} {1,-12} {2,-10} {3}", "SERVICE", "STATE", "HEALTH", "IMAGE");
        foreach (var status in statuses)
        {
            context.Log.Information(
                "{0,-20} {1,-12} {2,-10} {3}", status.Service, status.State, status.Health.ToString().ToLowerInvariant(), status.Image);
        }

        if (stack is SwarmStack)
        {
            context.Log.Information(
                "Replicas running: {0}.",
                string.Join(", ", statuses.GroupBy(s => s.Service).Select(g => $"{g.Key} {g.Count(s => s.IsRunning)}/{g.Count()}")));
        }

        foreach (var (service, error) in statuses.Where(s => s.Error is not null).Select(s => (s.Service, s.Error)).Distinct())
        {
            context.Log.Warning("{0}: {1}", service, error!);
        }
    }
}
