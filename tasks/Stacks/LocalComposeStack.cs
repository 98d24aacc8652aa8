using PrivateCloud.Tasks.Stacks.Pruning;
using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Processes;

namespace PrivateCloud.Tasks.Stacks;

/// <summary>
/// Compose run from the stack directory against an engine this machine reaches directly. The dry
/// run is decided here, as <see cref="Plumbing.Remote.RemoteShell"/> decides it for the host: reads (ps, logs)
/// ask the engine, changes are only described.
/// </summary>
public sealed class LocalComposeStack(ComposeCli compose, DockerEngineTarget engine, bool dryRun, Action<string> log) : IComposeStack
{
    public ComposeProject Project => compose.Project;

    public string Location => engine.ToString();

    public string Kind => "compose project";

    public bool RunsContainersOnTheHost => false;

    public bool CountsReplicas => false;

    public string? PruneLimits => null;

    public PrunePlan PlanPrune(StackPruner pruner) => pruner.ComposePlan();

    public ReleaseStore? Releases => null;

    public void Build(IReadOnlyCollection<string> services, bool pull, bool noCache, string? release = null) =>
        Change($"build the images of {Describe(services)}", () => compose.Build(services, pull, noCache));

    public void Up(IReadOnlyCollection<string> services, bool forceRecreate = false) =>
        Change($"{(forceRecreate ? "recreate" : "start")} {Describe(services)}", () => compose.Up(services, forceRecreate));

    public void Remove(IReadOnlyCollection<string> services) =>
        Change($"remove the containers of {Describe(services)}", () => compose.Remove(services));

    public IReadOnlyList<ServiceStatus> Ps() => compose.Ps();

    public IReadOnlyDictionary<string, string> ConfigHashes(string? release = null) =>
        release is null ? compose.ConfigHashes() : throw new NotSupportedException($"Compose runs from the stack directory on the {engine}: there is no release {release}.");

    public string Logs(string service, int tail) => compose.Logs(service, tail);

    public void Down(bool removeVolumes) =>
        Change($"stop and remove every container{(removeVolumes ? " and volume" : string.Empty)}", () => compose.Down(removeVolumes));

    public bool RemoveVolume(string volume)
    {
        if (!compose.VolumeExists(volume))
        {
            return false;
        }

        Change($"remove the volume {Project.VolumeName(volume)}", () => compose.RemoveVolume(volume));
        return true;
    }

    public CommandResult Exec(ServiceExec exec)
    {
        if (!exec.Changes)
        {
            return compose.Exec(exec);
        }

        var result = CommandResult.NotRun;
        Change($"run `{exec.Command[0]}` in service {exec.Service}", () => result = compose.Exec(exec));
        return result;
    }

    public string ReadEngine(IReadOnlyList<string> arguments) => compose.Engine.Read(arguments);

    public void ChangeEngine(IReadOnlyList<string> arguments) =>
        Change($"run `docker {string.Join(' ', arguments)}`", () => compose.Engine.Change(arguments));

    /// <summary>Compose runs from the stack directory here: there is no release to note images for.</summary>
    public void RecordImages(IReadOnlyList<ServiceStatus> running)
    {
    }

    private static string Describe(IReadOnlyCollection<string> services) =>
        services.Count == 0 ? "every service" : string.Join(", ", services);

    private void Change(string what, Action change)
    {
        if (dryRun)
        {
            log($"[dry-run] would {what} of compose project {Project.Name} on the {Location}");
            return;
        }

        change();
    }
}
