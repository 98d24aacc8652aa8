using PrivateCloud.Tasks.Stacks.Pruning;
using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Processes;

namespace PrivateCloud.Tasks.Stacks;

/// <summary>
/// Compose run on --host in the <c>current</c> release link; images are built from the release
/// being deployed, before <c>current</c> switches to it.
/// </summary>
public sealed class RemoteComposeStack(RemoteCompose compose, ReleaseStore releases) : IComposeStack
{
    public ComposeProject Project => compose.Project;

    public ReleaseStore Releases => releases;

    public string Location => $"{releases.CurrentPath} on the host";

    public string Kind => "compose project";

    public bool RunsContainersOnTheHost => true;

    public bool CountsReplicas => false;

    public string? PruneLimits => null;

    public PrunePlan PlanPrune(StackPruner pruner) => pruner.ComposePlan();

    public void Build(IReadOnlyCollection<string> services, bool pull, bool noCache, string? release = null) =>
        compose.Build(release is null ? releases.CurrentPath : releases.ReleasePath(release), services, pull, noCache);

    public void Up(IReadOnlyCollection<string> services, bool forceRecreate = false) => compose.Up(services, forceRecreate);

    public void Remove(IReadOnlyCollection<string> services) => compose.Remove(services);

    public IReadOnlyDictionary<string, string> ConfigHashes(string? release = null) =>
        compose.ConfigHashes(release is null ? null : releases.ReleasePath(release));

    public IReadOnlyList<ServiceStatus> Ps() => compose.Ps();

    public string Logs(string service, int tail) => compose.Logs(service, tail);

    public void Down(bool removeVolumes) => compose.Down(removeVolumes);

    public bool RemoveVolume(string volume) => compose.RemoveVolume(volume);

    public CommandResult Exec(ServiceExec exec) => compose.Exec(exec);

    public string ReadEngine(IReadOnlyList<string> arguments) => compose.ReadEngine(arguments);

    public void ChangeEngine(IReadOnlyList<string> arguments) => compose.ChangeEngine(arguments);

    public void RecordImages(IReadOnlyList<ServiceStatus> running) => releases.Images.RecordCurrent(releases.CurrentPath, running);
}
