namespace PrivateCloud.Tasks.Stacks.Swarm;

/// <summary>The release's compose files rewritten for <c>docker stack deploy</c>.</summary>
/// <param name="Files">The compose files as Swarm takes them, in compose's order.</param>
/// <param name="Notes">One line for each compose feature Swarm replaces: the service, the key, what Swarm does instead.</param>
/// <param name="PinnedServices">The services placed on the data node.</param>
public sealed record SwarmStackRendering(IReadOnlyList<string> Files, IReadOnlyList<string> Notes, IReadOnlyList<string> PinnedServices)
{
    /// <summary>Files the stack files name relative to themselves (a Swarm config's file), by name: written beside them.</summary>
    public IReadOnlyDictionary<string, string> Attachments { get; init; } = new Dictionary<string, string>();
}
