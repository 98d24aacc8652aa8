using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Processes;

namespace PrivateCloud.Tasks.Stacks.Swarm;

/// <summary>
/// Where the docker CLI reaches a Swarm manager: on --host over SSH, or here against an engine
/// (--docker-host, --docker-context). Reads run in a dry run too; changes are then only shown.
/// </summary>
public interface ISwarmEngine
{
    /// <summary>Where the manager is, for messages.</summary>
    string Location { get; }

    /// <summary>The compose that builds the images on the manager.</summary>
    ComposeTool Compose { get; }

    /// <summary>Runs a docker command that reads; its stdout, or an exception naming the failure.</summary>
    string Read(IReadOnlyList<string> arguments);

    /// <summary>Runs a docker command that reads where failure is an answer (an image that is not there).</summary>
    CommandResult Probe(IReadOnlyList<string> arguments);

    /// <summary>Runs a docker command that changes the swarm, its output passed on line by line.</summary>
    /// <param name="what">What it does, for the failure message.</param>
    void Change(IReadOnlyList<string> arguments, string what);

    /// <summary>
    /// Runs <c>docker stack deploy</c> with these compose files (written where only root reads them, with
    /// the attachments beside them under their names) and the variables in the environment of the
    /// docker process only, never on a command line.
    /// </summary>
    void DeployStack(string stack, IReadOnlyList<string> files, IReadOnlyDictionary<string, string> attachments, IReadOnlyDictionary<string, string> variables, IReadOnlyList<string> options);

    /// <summary>The manager's image id (<c>sha256:…</c>) of each image reference; null for one it does not have.</summary>
    IReadOnlyList<string?> ImageIds(IReadOnlyList<string> references);

    /// <summary>The text of each file under <paramref name="directory"/> on the manager; null for one that does not exist.</summary>
    IReadOnlyList<string?> ReadFiles(string directory, IReadOnlyList<string> paths);

    /// <summary>Builds images with compose on the manager, from <paramref name="directory"/> where it has releases.</summary>
    void Build(string? directory, IReadOnlyCollection<string> services, bool pull, bool noCache);

    /// <summary>Runs a command in a running container of the manager that <paramref name="filters"/> find.</summary>
    CommandResult Exec(ServiceExec exec, IReadOnlyList<string> filters);
}
