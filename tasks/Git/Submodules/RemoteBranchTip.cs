using LibGit2Sharp;
using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Git.Submodules;

/// <summary>
/// The commit at the tip of the branch a submodule tracks, read from its remote without
/// fetching (so a dry run touches nothing). The branch is <c>submodule.NAME.branch</c> from
/// .gitmodules ("." meaning the superproject's current branch); unset, it is the remote's HEAD,
/// else main, else master.
/// </summary>
internal static class RemoteBranchTip
{
    private static readonly string[] FallbackBranches = ["main", "master"];

    public static string Find(Repository superproject, Submodule submodule, string url)
    {
        var references = Repository.ListRemoteReferences(url).ToList();
        string? Tip(string referenceName) =>
            references.OfType<DirectReference>().FirstOrDefault(r => r.CanonicalName == referenceName)?.TargetIdentifier;

        var branch = TrackedBranch(superproject, submodule);
        if (branch is not null)
        {
            return Tip($"refs/heads/{branch}")
                ?? throw new BuildInputException(
                    $"submodule {submodule.Path}: branch '{branch}' (set in .gitmodules) does not exist on its remote; fix submodule.{submodule.Name}.branch");
        }

        var head = references.FirstOrDefault(r => r.CanonicalName == "HEAD");
        var tip = head switch
        {
            SymbolicReference symbolic => Tip(symbolic.TargetIdentifier),
            DirectReference direct => direct.TargetIdentifier,
            _ => null,
        };
        return tip
            ?? FallbackBranches.Select(name => Tip($"refs/heads/{name}")).FirstOrDefault(id => id is not null)
            ?? throw new BuildInputException(
                $"submodule {submodule.Path}: its remote has no HEAD, main or master branch; set submodule.{submodule.Name}.branch in .gitmodules");
    }

    private static string? TrackedBranch(Repository superproject, Submodule submodule)
    {
        var gitmodules = Path.Combine(superproject.Info.WorkingDirectory, ".gitmodules");
        using var configuration = LibGit2Sharp.Configuration.BuildFrom(gitmodules);
        var branch = configuration.Get<string>($"submodule.{submodule.Name}.branch", ConfigurationLevel.Local)?.Value;
        return branch == "." ? superproject.Head.FriendlyName : branch;
    }
}
