using System.Text.RegularExpressions;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Stacks.Swarm;
using PrivateCloud.Tasks.Plumbing.Docker;

namespace PrivateCloud.Tasks.Stacks.Pruning;

/// <summary>
/// Removes what the compose project left behind on its engine: stopped containers, and dangling
/// images that are the project's (recorded by a release, labelled by compose, or run by one of its
/// containers) and that no release still on the host needs, so a Rollback finds its images. Nothing
/// of another project is ever touched. Every read runs in a dry run too, so it lists exactly what a
/// real run removes.
/// </summary>
public sealed class StackPruner(IComposeStack stack)
{
    public PrunePlan Prune()
    {
        var plan = stack.PlanPrune(this);
        if (plan.Containers.Count > 0)
        {
            stack.ChangeEngine(["container", "rm", .. plan.Containers.Select(c => c.Id)]);
        }

        if (plan.Images.Count > 0)
        {
            stack.ChangeEngine(["image", "rm", .. plan.Images.Select(image => image.Reference)]);
        }

        stack.Releases?.Images.Forget(plan.ForgottenRecords);
        return plan;
    }

    /// <summary>
    /// On a swarm, on the manager: the stack's stopped task containers (Swarm keeps them as task
    /// history, and they hold old images), and the content tags of the stack's built images
    /// (<see cref="ImageRegistry.StackImage"/>) that a release of it recorded and that no kept release,
    /// running container or service needs. A tag no record names is never touched.
    /// </summary>
    public PrunePlan SwarmPlan()
    {
        var project = stack.Project.Name;
        var label = $"label={SwarmServiceStates.StackLabel}={project}";
        var containerIds = Lines(stack.ReadEngine(["container", "ls", "--all", "--quiet", "--no-trunc", "--filter", label]));
        var containers = containerIds.Count == 0 ? [] : DockerEngine.ParseInspectOutput(stack.ReadEngine(["container", "inspect", .. containerIds]));
        var contentTag = new Regex($"^([^ ]+/)?{Regex.Escape(project)}-[a-z0-9._-]+:[0-9a-f]{{12}}$", RegexOptions.CultureInvariant);
        var tagged = Lines(stack.ReadEngine(["image", "ls", "--no-trunc", "--format", "{{.ID}}\t{{.Repository}}:{{.Tag}}\t{{.Size}}"]))
            .Select(line => line.Split('\t'))
            .Where(fields => fields.Length == 3 && contentTag.IsMatch(fields[1]))
            .Select(fields => new PrunableImage(fields[0], fields[2], ProjectLabel: false) { Tag = fields[1] })
            .ToList();
        return Make(project, containers, tagged, SwarmServiceStates.StackLabel);
    }

    /// <summary>Compose's: the project's stopped containers, and the dangling images that are its own.</summary>
    public PrunePlan ComposePlan()
    {
        var project = stack.Project.Name;
        // Only the project's containers are inspected: other projects' may come and go meanwhile.
        var containerIds = Lines(stack.ReadEngine(["container", "ls", "--all", "--quiet", "--no-trunc", "--filter", ComposeContainers.ProjectFilter(project)]));
        var containers = containerIds.Count == 0 ? [] : DockerEngine.ParseInspectOutput(stack.ReadEngine(["container", "inspect", .. containerIds]));
        var labelled = Lines(stack.ReadEngine(
            ["image", "ls", "--quiet", "--no-trunc", "--filter", "dangling=true", "--filter", $"label={ComposeContainers.ProjectLabel}={project}"])).ToHashSet();
        var dangling = Lines(stack.ReadEngine(["image", "ls", "--no-trunc", "--filter", "dangling=true", "--format", "{{.ID}}\t{{.Size}}"]))
            .Select(line => line.Split('\t'))
            .Select(fields => new PrunableImage(fields[0], fields.Length > 1 ? fields[1] : "?", labelled.Contains(fields[0])))
            .ToList();

        return Make(project, containers, dangling, ComposeContainers.ProjectLabel);
    }

    private PrunePlan Make(string project, IReadOnlyList<ContainerInfo> containers, IReadOnlyList<PrunableImage> images, string projectLabel)
    {
        var releases = stack.Releases;
        return PrunePlan.Make(
            project,
            containers,
            image => Lines(stack.ReadEngine(["container", "ls", "--all", "--quiet", "--no-trunc", "--filter", $"ancestor={image}"])),
            images,
            Lines(stack.ReadEngine(["image", "ls", "--all", "--quiet", "--no-trunc"])).ToHashSet(),
            releases?.Images.Read() ?? [],
            releases?.Releases(),
            releases?.CurrentId(),
            projectLabel);
    }

    private static List<string> Lines(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct()];
}
