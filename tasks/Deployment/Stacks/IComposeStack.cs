using PrivateCloud.Tasks.Docker;

namespace PrivateCloud.Tasks.Deployment.Stacks;

/// <summary>
/// The deployed compose project, wherever compose runs: on --host through SSH in the current
/// release, or locally against an engine (--docker-host, --docker-context or the local one).
/// </summary>
public interface IComposeStack
{
    ComposeProject Project { get; }

    /// <summary>Where compose runs, for messages.</summary>
    string Location { get; }

    /// <summary>Builds images; remotely from the release being deployed, which may not be current yet.</summary>
    void Build(IReadOnlyCollection<string> services, bool pull, bool noCache);

    void Up(IReadOnlyCollection<string> services, bool forceRecreate = false);

    void Remove(IReadOnlyCollection<string> services);

    IReadOnlyList<ServiceStatus> Ps();

    string Logs(string service, int tail);

    void Down(bool removeVolumes);

    bool RemoveVolume(string volume);

    /// <summary>
    /// Runs a command in the service's running container, also in a dry run: the caller runs only
    /// reads then. Over SSH the shell runs nothing in a dry run yet, so the answer is then
    /// <see cref="ExecResult.NotAsked"/>. Throws <see cref="ServiceNotRunningException"/> when the
    /// service is not running.
    /// </summary>
    ExecResult Exec(ServiceExec exec);
}
