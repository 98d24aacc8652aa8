using PrivateCloud.Tasks.Docker;

namespace PrivateCloud.Tasks.Deployment.Stacks;

/// <summary>
/// Compose run from the stack directory against an engine this machine reaches directly. In a dry
/// run each change is only described; only <see cref="Exec"/>, whose callers run reads alone then, asks the engine.
/// </summary>
public sealed class LocalComposeStack(ComposeCli compose, DockerEngineTarget engine, bool dryRun, Action<string> log) : IComposeStack
{
    public ComposeProject Project => compose.Project;

    public string Location => engine.ToString();

    public void Build(IReadOnlyCollection<string> services, bool pull, bool noCache) =>
        Change($"build the images of {Describe(services)}", () => compose.Build(services, pull, noCache));

    public void Up(IReadOnlyCollection<string> services, bool forceRecreate = false) =>
        Change($"{(forceRecreate ? "recreate" : "start")} {Describe(services)}", () => compose.Up(services, forceRecreate));

    public void Remove(IReadOnlyCollection<string> services) =>
        Change($"remove the containers of {Describe(services)}", () => compose.Remove(services));

    public IReadOnlyList<ServiceStatus> Ps() => dryRun ? [] : compose.Ps();

    public string Logs(string service, int tail) => dryRun ? string.Empty : compose.Logs(service, tail);

    public void Down(bool removeVolumes) =>
        Change($"stop and remove every container{(removeVolumes ? " and volume" : string.Empty)}", () => compose.Down(removeVolumes));

    public bool RemoveVolume(string volume)
    {
        var removed = false;
        Change($"remove the volume {Project.VolumeName(volume)}", () => removed = compose.RemoveVolume(volume));
        return removed || dryRun;
    }

    public ExecResult Exec(ServiceExec exec) => compose.Exec(exec);

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
