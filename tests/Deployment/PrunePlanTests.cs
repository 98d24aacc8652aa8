using PrivateCloud.Tasks.Stacks.Pruning;
using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Plumbing.Docker;

namespace PrivateCloud.Tests.Deployment;

/// <summary>How Prune decides, on engine states written out: which containers and images are the project's, and which a kept release needs.</summary>
public sealed class PrunePlanTests
{
    private const string Project = "cloud";
    private const string Old = "20260101T000000000Z";
    private const string Previous = "20260201T000000000Z";
    private const string Current = "20260301T000000000Z";

    private static readonly string OldWeb = Id('1');
    private static readonly string PreviousWeb = Id('2');
    private static readonly string CurrentWeb = Id('3');

    [Fact]
    public void Removes_stopped_containers_of_the_project_only_and_images_no_kept_release_needs()
    {
        var plan = Make(
            [
                Container("web", CurrentWeb, "running"),
                Container("worker", Id('9'), "exited"),
                Container("thing", Id('8'), "exited", project: "other"),
            ],
            [Dangling(OldWeb), Dangling(PreviousWeb), Dangling(Id('7'))],
            [Record(Old, OldWeb), Record(Previous, PreviousWeb), Record(Current, CurrentWeb)],
            kept: [Previous, Current]);

        Assert.Equal(["cloud-worker-1"], plan.Containers.Select(c => c.Name));
        Assert.Equal([OldWeb], plan.Images.Select(i => i.Id));
        Assert.Equal([(PreviousWeb, Previous)], plan.KeptForReleases.Select(k => (k.Image.Id, k.Release)));
        Assert.Equal([Old], plan.ForgottenRecords);
        Assert.Null(plan.ImagesUntouchedBecause);
    }

    [Fact]
    public void An_image_another_projects_container_uses_or_only_its_label_names_is_not_the_projects_to_remove()
    {
        var plan = Make(
            [Container("thing", OldWeb, "exited", project: "other")],
            [Dangling(OldWeb), Dangling(Id('5'), label: false)],
            [Record(Old, OldWeb), Record(Current, CurrentWeb)],
            kept: [Current]);

        Assert.Empty(plan.Containers);
        Assert.Empty(plan.Images);
        Assert.Empty(plan.ForgottenRecords);
    }

    [Fact]
    public void A_dangling_image_only_a_stopped_container_of_the_project_ran_goes_with_it()
    {
        var plan = Make([Container("worker", Id('9'), "exited")], [Dangling(Id('9')), Dangling(Id('6'), label: true)], [], kept: null);

        Assert.Equal(["cloud-worker-1"], plan.Containers.Select(c => c.Name));
        Assert.Equal([Id('6'), Id('9')], plan.Images.Select(i => i.Id).Order());
    }

    [Fact]
    public void A_kept_release_without_a_record_keeps_every_image_but_not_the_stopped_containers()
    {
        var plan = Make(
            [Container("worker", Id('9'), "exited")],
            [Dangling(OldWeb), Dangling(PreviousWeb)],
            [Record(Old, OldWeb), Record(Current, CurrentWeb)],
            kept: [Previous, Current]);

        Assert.Single(plan.Containers);
        Assert.Empty(plan.Images);
        Assert.Contains($"release(s) {Previous} have no image record", plan.ImagesUntouchedBecause);
    }

    [Fact]
    public void A_later_line_of_a_record_supersedes_the_earlier_one_for_its_service()
    {
        var record = ImageRecord.Parse(Current, $"web {OldWeb}\nworker {Id('4')}\nweb {CurrentWeb}\nnot a line\n");

        Assert.Equal(CurrentWeb, record.Current["web"]);
        Assert.Equal([OldWeb, Id('4'), CurrentWeb], record.AllImages);
    }

    [Fact]
    public void On_a_swarm_the_stacks_stopped_tasks_and_an_old_content_tag_go_and_are_named_by_task_service_and_tag()
    {
        const string stackLabel = "com.docker.stack.namespace";
        var task = new ContainerInfo("c-task", "cloud_web.1.abc", "exited", ContainerHealth.None, "cloud-web:222222222222", PreviousWeb, new Dictionary<string, string>
        {
            [stackLabel] = Project,
            ["com.docker.swarm.service.name"] = "cloud_web",
        });
        var composeContainer = Container("web", OldWeb, "exited");
        PrunableImage Tagged(string id, string tag) => new(id, "2MB", ProjectLabel: false) { Tag = tag };

        var plan = PrunePlan.Make(
            Project,
            [task, composeContainer],
            image => image == PreviousWeb ? ["c-task"] : [],
            [Tagged(OldWeb, "cloud-web:111111111111"), Tagged(PreviousWeb, "cloud-web:222222222222"), Tagged(Id('5'), "cloud-other:555555555555")],
            new HashSet<string> { OldWeb, PreviousWeb, CurrentWeb, Id('5') },
            [Record(Old, OldWeb), Record(Previous, PreviousWeb), Record(Current, CurrentWeb)],
            [Current],
            Current,
            stackLabel);

        Assert.Equal(["c-task"], plan.Containers.Select(c => c.Id));
        Assert.Equal(["cloud-web:111111111111", "cloud-web:222222222222"], plan.Images.Select(i => i.Reference));
        Assert.Equal(
            [
                "removed stopped container cloud_web.1.abc (exited, service cloud_web)",
                $"removed image cloud-web:111111111111 (2MB, web of release {Old})",
                $"removed image cloud-web:222222222222 (2MB, web of release {Previous})",
                $"forgot the image record of removed release {Old}",
                $"forgot the image record of removed release {Previous}",
            ],
            plan.Changes.Select(change => change.ToString()));
    }

    private static PrunePlan Make(
        IReadOnlyList<ContainerInfo> containers, IReadOnlyList<PrunableImage> dangling, IReadOnlyList<ImageRecord> records, IReadOnlyList<string>? kept) =>
        PrunePlan.Make(
            Project,
            [.. containers.Where(c => c.Labels[ComposeContainers.ProjectLabel] == Project)],
            image => [.. containers.Where(c => c.ImageId == image).Select(c => c.Id)],
            dangling,
            dangling.Select(d => d.Id).Concat(containers.Select(c => c.ImageId)).Append(CurrentWeb).ToHashSet(),
            records,
            kept,
            kept?[^1]);

    private static ContainerInfo Container(string service, string image, string state, string project = Project) =>
        new($"c-{project}-{service}", $"{project}-{service}-1", state, ContainerHealth.None, $"{project}-{service}", image, new Dictionary<string, string>
        {
            [ComposeContainers.ProjectLabel] = project,
            [ComposeContainers.ServiceLabel] = service,
        });

    private static PrunableImage Dangling(string id, bool label = false) => new(id, "2MB", label);

    private static ImageRecord Record(string release, string web) => new(release, [("web", web)]);

    private static string Id(char digit) => "sha256:" + new string(digit, 64);
}
