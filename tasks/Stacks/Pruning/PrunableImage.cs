namespace PrivateCloud.Tasks.Stacks.Pruning;

/// <summary>
/// An image Prune may remove: under compose a dangling one (no tag names it and no other image builds
/// on it, as `docker image ls --filter dangling=true` lists it); on a swarm one of the stack's content
/// tags (<see cref="Tag"/>), which Prune removes by that tag.
/// </summary>
/// <param name="Size">The engine's own wording (1.98MB), for the listing.</param>
/// <param name="ProjectLabel">It carries the compose project label of the stack (compose v2 labels what it builds).</param>
public sealed record PrunableImage(string Id, string Size, bool ProjectLabel)
{
    /// <summary>The swarm stack's content tag (<c>[registry/]&lt;project&gt;-&lt;service&gt;:&lt;12 hex&gt;</c>); null for a dangling image.</summary>
    public string? Tag { get; init; }

    /// <summary>The 12-character id docker shows.</summary>
    public string ShortId => Id.StartsWith("sha256:", StringComparison.Ordinal) ? Id[7..19] : Id;

    /// <summary>What the listing calls it.</summary>
    public string Description => Tag is null ? $"dangling image {ShortId}" : $"image {Tag}";

    /// <summary>What `docker image rm` takes: the tag, so an image another tag still names stays.</summary>
    public string Reference => Tag ?? Id;
}
