namespace PrivateCloud.Tasks.Git.Submodules;

/// <summary>Which commit <see cref="SubmoduleUpdater"/> moves each submodule to.</summary>
public enum SubmoduleUpdateMode
{
    /// <summary>The commit the superproject records, like <c>git submodule update --init --recursive</c>.</summary>
    Recorded,

    /// <summary>
    /// The tip of the tracked branch on the submodule's remote, like
    /// <c>git submodule update --init --recursive --remote</c>.
    /// </summary>
    Remote,
}
