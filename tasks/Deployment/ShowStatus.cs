using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Stacks.Swarm;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Logging;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tasks.Stacks;

namespace PrivateCloud.Tasks.Deployment;

[TaskName(nameof(ShowStatus))]
[TaskCategory(TaskCategories.Checks)]
[TaskAlias("Status")]
[TaskDescription("Shows each service's state, health and image (on a swarm also its replicas and task errors), which release and commit is deployed, and the last 10 lines of the audit log; --format=json prints them as one JSON document.")]
[ReadsSettings(typeof(StackSettings), nameof(StackSettings.Location))]
[ReadsSettings(typeof(OutputFormats), nameof(OutputFormats.Setting))]
[ReadsHost]
public sealed class ShowStatus : FrostingTask<BuildContext>
{
    private const int AuditLines = 10;

    public override void Run(BuildContext context)
    {
        var json = context.Settings.Format switch
        {
            OutputFormat.Text => false,
            OutputFormat.Json => true,
            var other => throw new BuildInputException($"{OutputFormats.Setting.Option}={other.ToString().ToLowerInvariant()}: ShowStatus prints text (the default) or json."),
        };

        var stack = context.Stack;
        var releases = stack.Releases;
        var manifest = releases?.CurrentManifest();
        IReadOnlyList<string>? audit = releases is null ? null : new AuditLog(context.Remote, context.Settings.Deploy.RemoteDirectory).Last(AuditLines);
        var statuses = stack.Ps();
        if (json)
        {
            context.StandardOutput.WriteLine(JsonOutput.Serialize(new
            {
                location = stack.Location,
                project = stack.Project.Name,
                release = manifest is null ? null : new { id = manifest.ReleaseId, commit = manifest.GitCommit, deployed = manifest.CreatedUtc, files = manifest.Files.Count },
                audit = audit?.Select(AuditEntry.Parse),
                services = statuses.Select(s => new { service = s.Service, container = s.ContainerName, state = s.State, health = s.Health, image = s.Image, error = s.Error }),
            }));
            context.StandardOutput.Flush();
            return;
        }

        if (audit is not null)
        {
            context.Log.Information(
                manifest is null
                    ? "No release is deployed on the host yet."
                    : $"Release {manifest.ReleaseId} (commit {manifest.GitCommit ?? "none"}, deployed {manifest.CreatedUtc:u}), {manifest.Files.Count} files.");
            context.Log.Information(audit.Count == 0 ? "No changing run recorded in {0} yet." : "Last changing runs ({0}):", AuditLog.FileName);
            foreach (var line in audit)
            {
                context.Log.Information("  {0}", line);
            }
        }

        Table(context, stack.Project.Name, stack.Location, statuses, replicas: stack.CountsReplicas);
    }

    private static void Table(BuildContext context, string project, string location, IReadOnlyList<ServiceStatus> statuses, bool replicas)
    {
        if (statuses.Count == 0)
        {
            context.Log.Information("No container of compose project {0} on the {1}.", project, location);
            return;
        }

        context.Log.Information("{0,-20} {1,-12} {2,-10} {3}", "SERVICE", "STATE", "HEALTH", "IMAGE");
        foreach (var status in statuses)
        {
            context.Log.Information(
                "{0,-20} {1,-12} {2,-10} {3}", status.Service, status.State, status.Health.ToString().ToLowerInvariant(), status.Image);
        }

        if (replicas)
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
