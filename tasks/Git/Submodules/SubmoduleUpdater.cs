using LibGit2Sharp;
using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Git.Submodules;

/// <summary>
/// Clones and moves every submodule of a repository, nested ones included, either to the
/// commit the superproject records or to the tip of its tracked branch
/// (<see cref="SubmoduleUpdateMode"/>). Submodules end on a detached HEAD, as with git.
/// Before touching anything it refuses if any cloned submodule has local changes
/// (<see cref="SubmoduleChangesGuard"/>). A dry run reports the same results and changes
/// nothing; it cannot look inside submodules that are not cloned yet, so their nested
/// submodules are reported on the real run only.
/// </summary>
public sealed class SubmoduleUpdater
{
    /// <exception cref="BuildInputException">The path is not a repository.</exception>
    /// <exception cref="DirtySubmoduleException">A cloned submodule has local changes; nothing was changed.</exception>
    public IReadOnlyList<SubmoduleUpdateResult> Update(
        string repositoryPath, SubmoduleUpdateMode mode = SubmoduleUpdateMode.Recorded, bool dryRun = false)
    {
        if (!Repository.IsValid(repositoryPath))
        {
            throw new BuildInputException($"{repositoryPath}: not the top folder of a git repository; give the path of the clone");
        }

        using var repository = new Repository(repositoryPath);
        SubmoduleChangesGuard.ThrowIfAnyChanged(repository);
        var results = new List<SubmoduleUpdateResult>();
        UpdateAll(repository, string.Empty, mode, dryRun, results);
        return results;
    }

    private static void UpdateAll(
        Repository repository, string prefix, SubmoduleUpdateMode mode, bool dryRun, List<SubmoduleUpdateResult> results)
    {
        foreach (var submodule in repository.Submodules.OrderBy(s => s.Path, StringComparer.Ordinal))
        {
            var workingDirectory = Path.Combine(repository.Info.WorkingDirectory, submodule.Path);
            var oldCommit = CheckedOutCommit(workingDirectory);
            var newCommit = mode == SubmoduleUpdateMode.Recorded
                ? RecordedCommit(submodule)
                : RemoteBranchTip.Find(repository, submodule, RemoteUrl(repository, submodule, workingDirectory));
            var changed = oldCommit != newCommit;
            if (changed && !dryRun)
            {
                Move(repository, submodule, workingDirectory, newCommit);
            }

            results.Add(new SubmoduleUpdateResult(prefix + submodule.Path, oldCommit, newCommit, changed));
            if (Repository.IsValid(workingDirectory))
            {
                using var cloned = new Repository(workingDirectory);
                UpdateAll(cloned, $"{prefix}{submodule.Path}/", mode, dryRun, results);
            }
        }
    }

    private static string? CheckedOutCommit(string workingDirectory)
    {
        if (!Repository.IsValid(workingDirectory))
        {
            return null;
        }

        using var cloned = new Repository(workingDirectory);
        return cloned.Head.Tip?.Sha;
    }

    // git checks out the commit staged in the superproject's index, which is HEAD's unless staged otherwise.
    private static string RecordedCommit(Submodule submodule) =>
        (submodule.IndexCommitId ?? submodule.HeadCommitId)?.Sha
        ?? throw new InvalidOperationException($"submodule {submodule.Path} has no recorded commit");

    /// <summary>
    /// Clones the submodule if needed (libgit2 then checks out the recorded commit), fetches when
    /// the wanted commit is not there yet, and checks it out on a detached HEAD.
    /// </summary>
    private static void Move(Repository repository, Submodule submodule, string workingDirectory, string commit)
    {
        if (!Repository.IsValid(workingDirectory))
        {
            repository.Submodules.Update(submodule.Name, new SubmoduleUpdateOptions { Init = true });
        }

        using var cloned = new Repository(workingDirectory);
        if (cloned.Head.Tip?.Sha == commit)
        {
            return;
        }

        if (cloned.Lookup<Commit>(commit) is null)
        {
            Commands.Fetch(cloned, "origin", [], new FetchOptions(), logMessage: null);
        }

        var target = cloned.Lookup<Commit>(commit)
            ?? throw new InvalidOperationException($"submodule {submodule.Path}: commit {commit} is not on its remote");
        Commands.Checkout(cloned, target);
    }

    /// <summary>
    /// The URL to ask for branch tips: the clone's origin once cloned, else the .gitmodules URL,
    /// which git reads relative to the superproject's origin when it starts with ./ or ../.
    /// </summary>
    private static string RemoteUrl(Repository repository, Submodule submodule, string workingDirectory)
    {
        if (Repository.IsValid(workingDirectory))
        {
            using var cloned = new Repository(workingDirectory);
            if (cloned.Network.Remotes["origin"]?.Url is { } origin)
            {
                return origin;
            }
        }

        var url = submodule.Url;
        if (!url.StartsWith("./", StringComparison.Ordinal) && !url.StartsWith("../", StringComparison.Ordinal))
        {
            return url;
        }

        var baseUrl = repository.Network.Remotes["origin"]?.Url ?? repository.Info.WorkingDirectory;
        return Uri.TryCreate(baseUrl, UriKind.Absolute, out var baseUri) && !baseUri.IsFile
            ? new Uri(new Uri(baseUrl.TrimEnd('/') + "/"), url).ToString()
            : Path.GetFullPath(Path.Combine(baseUrl, url));
    }
}
