using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Git.Submodules;

/// <summary>
/// Submodules with local changes that an update would destroy; nothing was touched.
/// </summary>
public sealed class DirtySubmoduleException(string repositoryPath, IReadOnlyDictionary<string, int> changedFiles)
    : BuildInputException(
        $"{repositoryPath}: not updating submodules, " +
        string.Join("; ", changedFiles.Select(pair => $"{pair.Key} has {pair.Value} changed or untracked file(s)")) +
        "; commit, stash or discard those changes, then run again")
{
    /// <summary>Number of changed, staged or untracked files per submodule path.</summary>
    public IReadOnlyDictionary<string, int> ChangedFiles { get; } = changedFiles;
}
