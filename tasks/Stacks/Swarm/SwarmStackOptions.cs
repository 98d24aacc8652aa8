using PrivateCloud.Tasks.Plumbing.Docker;

namespace PrivateCloud.Tasks.Stacks.Swarm;

/// <summary>What a <see cref="SwarmStack"/> deploys and how.</summary>
/// <param name="Project">The compose project: its name is the stack's.</param>
/// <param name="ProjectDirectory">Where the compose files lie for the manager's docker CLI: the current release on --host, else the stack directory.</param>
/// <param name="ComposeFiles">The compose files, relative to <paramref name="ProjectDirectory"/>, in compose's order.</param>
/// <param name="EnvFile">The .env relative to <paramref name="ProjectDirectory"/>: its variables are the stack deploy's environment.</param>
/// <param name="Registry">Where built images are pushed; null for none.</param>
/// <param name="ConvergeTimeout">How long a deploy waits for the services to converge before the tasks after it look.</param>
public sealed record SwarmStackOptions(
    ComposeProject Project,
    string ProjectDirectory,
    IReadOnlyList<string> ComposeFiles,
    string EnvFile,
    string? Registry,
    TimeSpan ConvergeTimeout,
    bool DryRun);
