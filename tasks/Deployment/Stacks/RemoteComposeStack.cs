using PrivateCloud.Tasks.Deployment.Releases;
using PrivateCloud.Tasks.Docker;

namespace PrivateCloud.Tasks.Deployment.Stacks;

/// <summary>
/// Compose run on --host in the <c>current</c> release link. Images are built from
/// <see cref="BuildDirectory"/>: the release being deployed, before <c>current</c> switches to it.
/// </summary>
public sealed class RemoteComposeStack(RemoteCompose compose, ReleaseUploader releases) : IComposeStack
{
    public ComposeProject Project => compose.Project;

    public ReleaseUploader Releases => releases;

    public string Location => $"{releases.CurrentPath} on the host";

    /// <summary>Set by the upload to the new release; otherwise the current one.</summary>
    public string BuildDirectory { get; set; } = releases.CurrentPath;

    public void Build(IReadOnlyCollection<string> services, bool pull, bool noCache) =>
        compose.Build(BuildDirectory, services, pull, noCache);

    public void Up(IReadOnlyCollection<string> services, bool forceRecreate = false) => compose.Up(services, forceRecreate);

    public void Remove(IReadOnlyCollection<string> services) => compose.Remove(services);

    public IReadOnlyList<ServiceStatus> Ps() => compose.Ps();

    public string Logs(string service, int tail) => compose.Logs(service, tail);

    public void Down(bool removeVolumes) => compose.Down(removeVolumes);

    public bool RemoveVolume(string volume) => compose.RemoveVolume(volume);

    public ExecResult Exec(ServiceExec exec) => compose.Exec(exec);
}
