using PrivateCloud.Tasks.Stacks.Pruning;
using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Processes;

namespace PrivateCloud.Tasks.Stacks;

/// <summary>
/// The deployed compose project, wherever compose runs: on --host through SSH in the current
/// release, or locally against an engine (--docker-host, --docker-context or the local one).
/// </summary>
public interface IComposeStack
{
    ComposeProject Project { get; }

    /// <summary>Where compose runs, for messages.</summary>
    string Location { get; }

    /// <summary>What the stack is, for messages: "compose project" or "swarm stack".</summary>
    string Kind { get; }

    /// <summary>
    /// Whether its containers are compose's on --host, which a Deploy reads under its lock and keeps a
    /// snapshot of; a swarm's tasks Swarm compares itself, and a local engine is no host.
    /// </summary>
    bool RunsContainersOnTheHost { get; }

    /// <summary>Whether a service runs as replicas whose running and wanted counts say how it is doing (a swarm's).</summary>
    bool CountsReplicas { get; }

    /// <summary>What Prune cannot reach, said after it ran; null when it reaches everything the stack left.</summary>
    string? PruneLimits { get; }

    /// <summary>Reads, with the pruner's plan for its kind of stack, what Prune would remove.</summary>
    PrunePlan PlanPrune(StackPruner pruner);

    /// <summary>The releases on the host compose runs in; null where compose runs from the stack directory.</summary>
    ReleaseStore? Releases { get; }

    /// <summary>
    /// Builds images from <paramref name="release"/>, a release on the host not yet current (the one
    /// being deployed or rolled back to); null builds what compose runs now.
    /// </summary>
    void Build(IReadOnlyCollection<string> services, bool pull, bool noCache, string? release = null);

    void Up(IReadOnlyCollection<string> services, bool forceRecreate = false);

    void Remove(IReadOnlyCollection<string> services);

    /// <summary>
    /// Each service's configuration hash as compose computes it from the compose files and env file
    /// of <paramref name="release"/> (a release on the host; null: the files compose runs now), their
    /// relative paths resolved against the project directory compose runs in: a service two releases
    /// configure alike gets the same hash from both. (Not the hash on a container: compose v2 labels
    /// one an <c>up --no-deps</c> made with a hash of its configuration without depends_on.)
    /// </summary>
    IReadOnlyDictionary<string, string> ConfigHashes(string? release = null);

    IReadOnlyList<ServiceStatus> Ps();

    string Logs(string service, int tail);

    void Down(bool removeVolumes);

    bool RemoveVolume(string volume);

    /// <summary>A docker CLI call that reads the engine the stack runs on; it runs in a dry run too.</summary>
    string ReadEngine(IReadOnlyList<string> arguments);

    /// <summary>A docker CLI call that changes the engine the stack runs on; a dry run only shows it.</summary>
    void ChangeEngine(IReadOnlyList<string> arguments);

    /// <summary>
    /// Notes the image each service container of the current release runs (<paramref name="running"/>,
    /// as <see cref="Ps"/> just read them), so that Prune keeps them while the release is kept;
    /// nothing where there are no releases.
    /// </summary>
    void RecordImages(IReadOnlyList<ServiceStatus> running);

    /// <summary>
    /// Runs a command in the service's running container. A read runs in a dry run too; a change
    /// (<see cref="ServiceExec.Changes"/>) is then only shown and answers <see cref="CommandResult.NotRun"/>.
    /// Throws <see cref="ServiceNotRunningException"/> when the service is not running.
    /// </summary>
    CommandResult Exec(ServiceExec exec);
}
