
namespace PrivateCloud.Tasks.Docker;

/// <summary>Compose options shared by the local and the remote runner.</summary>
public static class ComposeArguments
{
    /// <summary>
    /// A build that removes its intermediate containers even when a step fails: a broken
    /// Dockerfile would otherwise leave a stopped container behind at every attempt.
    /// </summary>
    public static IReadOnlyList<string> Build(IReadOnlyCollection<string> services, bool pull, bool noCache) =>
    [
        "build",
        "--force-rm",
        .. pull ? ["--pull"] : Array.Empty<string>(),
        .. noCache ? ["--no-cache"] : Array.Empty<string>(),
        .. services,
    ];

    /// <summary>
    /// Forces new containers for the named services only: compose cannot see a change in a
    /// bind-mounted file, so a service whose configuration file changed is recreated explicitly.
    /// </summary>
    public static IReadOnlyList<string> Recreate(bool force) => force ? ["--force-recreate", "--no-deps"] : [];
}
