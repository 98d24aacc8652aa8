using LibGit2Sharp;

namespace PrivateCloud.Tasks.Git.Submodules;

/// <summary>
/// Finds every cloned submodule, nested ones included, whose working tree holds work that a
/// checkout could destroy: modified or staged files, and untracked files that are not ignored
/// (new files are as likely to be unfinished work as edits are). Ignored files (build output)
/// do not count, nor does a nested submodule's checked-out commit, which is checked on its own.
/// Commits made inside a submodule are not working-tree changes and do not count either.
/// </summary>
internal static class SubmoduleChangesGuard
{
    private static readonly StatusOptions WorkingTreeStatus = new()
    {
        IncludeUntracked = true,
        RecurseUntrackedDirs = true,
        IncludeIgnored = false,
        ExcludeSubmodules = true,
    };

    /// <exception cref="DirtySubmoduleException">At least one submodule has changes.</exception>
    public static void ThrowIfAnyChanged(Repository repository)
    {
        var changedFiles = new SortedDictionary<string, int>(StringComparer.Ordinal);
        Collect(repository, string.Empty, changedFiles);
        if (changedFiles.Count > 0)
        {
            throw new DirtySubmoduleException(repository.Info.WorkingDirectory.TrimEnd('/'), changedFiles);
        }
    }

    private static void Collect(Repository repository, string prefix, IDictionary<string, int> changedFiles)
    {
        foreach (var submodule in repository.Submodules)
        {
            var workingDirectory = Path.Combine(repository.Info.WorkingDirectory, submodule.Path);
            if (!Repository.IsValid(workingDirectory))
            {
                continue;
            }

            using var cloned = new Repository(workingDirectory);
            var count = cloned.RetrieveStatus(WorkingTreeStatus)
                .Count(entry => entry.State is not (FileStatus.Unaltered or FileStatus.Ignored));
            if (count > 0)
            {
                changedFiles[prefix + submodule.Path] = count;
            }

            Collect(cloned, $"{prefix}{submodule.Path}/", changedFiles);
        }
    }
}
