using LibGit2Sharp;
using PrivateCloud.Tasks.Backup;
using PrivateCloud.Tasks.Testing.DotnetTest;
using PrivateCloud.Tasks.Plumbing.FileSystem;

namespace PrivateCloud.Tests.Backup;

/// <summary>ArchiveSecrets writes the .env and the DKIM key into --artifacts: by default, a folder git never offers to commit.</summary>
public class SecretsArchiveLocationTests
{
    [Fact]
    public void The_default_artifacts_folder_is_ignored_by_git()
    {
        using var repository = new Repository(Repository.Discover(SourceRoot.Find()));

        Assert.True(repository.Ignore.IsPathIgnored($"{ArchiveSettings.Artifacts.Default}/secrets-20261207T120000Z.tar.gz"));
    }
}
