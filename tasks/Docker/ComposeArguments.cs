namespace PrivateCloud.Tasks.Docker;

/// <summary>Compose options shared by the local and the remote runner.</summary>
public static class ComposeArguments
{
    /// <summary>
    /// Forces new containers for the named services only: compose cannot see a change in a
    /// bind-mounted file, so a service whose configuration file changed is recreated explicitly.
    /// </summary>
    public static IReadOnlyList<string> Recreate(bool force) => force ? ["--force-recreate", "--no-deps"] : [];
}
