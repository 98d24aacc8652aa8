using System.Text.RegularExpressions;
using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Deployment.Swarm;

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

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(/[a-z0-9._-]+)*/?\z")]
    private static partial Regex Address();
}
