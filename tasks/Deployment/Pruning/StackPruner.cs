using PrivateCloud.Tasks.Deployment.Stacks;
using PrivateCloud.Tasks.Docker;

namespace PrivateCloud.Tasks.Deployment.Pruning;

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
        var plan = Plan();
        if (plan.Containers.Count > 0)
        {
            stack.ChangeEngine(["container", "rm", .. plan.Containers.Select(c => c.Id)]);
        }

        if (plan.Images.Count > 0)
        {
            stack.ChangeEngine(["image", "rm", .. plan.Images.Select(image => image.Id)]);
        }

        stack.Releases?.Images.Forget(plan.ForgottenRecords);
        return plan;
    }

    private PrunePlan Plan()
    {
        var project = stack.Project.Name;
        // Only the project's containers are inspected: other projects' may come and go meanwhile.
        var containerIds = Lines(stack.ReadEngine(["container", "ls", "--all", "--quiet", "--no-trunc", "--filter", ComposeContainers.ProjectFilter(project)]));
        var containers = containerIds.Count == 0 ? [] : DockerEngine.ParseInspectOutput(stack.ReadEngine(["container", "inspect", .. containerIds]));
        var labelled = Lines(stack.ReadEngine(
            ["image", "ls", "--quiet", "--no-trunc", "--filter", "dangling=true", "--filter", $"label={ComposeContainers.ProjectLabel}={project}"])).ToHashSet();
        var dangling = Lines(stack.ReadEngine(["image", "ls", "--no-trunc", "--filter", "dangling=true", "--format", "{{.ID}}\t{{.Size}}"]))
            .Select(line => line.Split('\t'))
            .Select(fields => new DanglingImage(fields[0], fields.Length > 1 ? fields[1] : "?", labelled.Contains(fields[0])))
            .ToList();

        var releases = stack.Releases;
        return PrunePlan.Make(
            project,
            containers,
            image => Lines(stack.ReadEngine(["container", "ls", "--all", "--quiet", "--no-trunc", "--filter", $"ancestor={image}"])),
            dangling,
            Lines(stack.ReadEngine(["image", "ls", "--all", "--quiet", "--no-trunc"])).ToHashSet(),
            releases?.Images.Read() ?? [],
            releases?.Releases(),
            releases?.CurrentId());
    }

    private static List<string> Lines(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct()];
}
