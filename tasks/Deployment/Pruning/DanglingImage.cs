namespace PrivateCloud.Tasks.Deployment.Pruning;

/// <summary>An image no tag names and no other image builds on, as `docker image ls --filter dangling=true` lists it.</summary>
/// <param name="Size">The engine's own wording (1.98MB), for the listing.</param>
/// <param name="ProjectLabel">It carries the compose project label of the stack (compose v2 labels what it builds).</param>
public sealed record DanglingImage(string Id, string Size, bool ProjectLabel)
{
    /// <summary>The 12-character id docker shows.</summary>
    public string ShortId => Id.StartsWith("sha256:", StringComparison.Ordinal) ? Id[7..19] : Id;
}
