using System.Text.RegularExpressions;
using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Stacks.Swarm;

/// <summary>The registry (--registry) images built on the manager go to, so other swarm nodes can pull them.</summary>
public static partial class ImageRegistry
{
    /// <summary>The address when it is host[:port][/path] as an image reference needs it, without a scheme.</summary>
    public static string Valid(string address, string origin, string option) =>
        Address().IsMatch(address)
            ? address.TrimEnd('/')
            : throw new BuildInputException(
                $"{origin}: {option} takes a registry as images name it, host[:port][/path] without a scheme (registry.example.org:5000), not '{address}'.");

    /// <summary>The name a built service's image gets in the stack: the content tag changes exactly when the image does.</summary>
    /// <param name="imageId">The image's id (sha256:...).</param>
    public static string StackImage(string? registry, string project, string service, string imageId)
    {
        var hex = imageId.StartsWith("sha256:", StringComparison.Ordinal) ? imageId[7..] : imageId;
        var name = $"{project}-{service}".ToLowerInvariant();
        return $"{(registry is null ? string.Empty : registry + "/")}{name}:{hex[..Math.Min(12, hex.Length)]}";
    }

    /// <summary>
    /// The pushed image named by the digest the registry gave it, kept beside the tag for people to read:
    /// the digest wins, so a tag moved in the registry afterwards changes nothing that runs. Null when
    /// none of the image's digests is from <paramref name="target"/>'s repository (not pushed there yet).
    /// </summary>
    /// <param name="target">The stack image, registry/name:tag.</param>
    /// <param name="repoDigests">The image's RepoDigests as the engine lists them, repository@sha256:….</param>
    public static string? Pinned(string target, IEnumerable<string> repoDigests)
    {
        var repository = target[..target.LastIndexOf(':')] + "@";
        return repoDigests.FirstOrDefault(digest => digest.StartsWith(repository, StringComparison.Ordinal)) is { } found
            ? $"{target}{found[(repository.Length - 1)..]}"
            : null;
    }

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(/[a-z0-9._-]+)*/?\z")]
    private static partial Regex Address();
}
