using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Git;

/// <summary>The Submodules task through the build program, on real repositories.</summary>
public sealed class UpdateSubmodulesTests : IDisposable
{
    private readonly GitSandbox _git = new();

    public void Dispose() => _git.Dispose();

    /// <summary>A library remote, and a stack repository remote that records it at libs/lib and holds stack/.env.</summary>
    private (string Library, string Superproject) CreateStackRepositoryWithSubmodule()
    {
        var library = _git.CreateRemote("library", "lib.txt", "v1");
        var superproject = _git.CreateRemote("superproject");
        var author = _git.Clone(superproject, "author");
        _git.Git(author, "submodule", "--quiet", "add", library, "libs/lib");
        _git.Commit(author, "stack/.env", "COMPOSE_PROJECT_NAME=gitstack\n");
        _git.Git(author, "push", "--quiet", "origin", "HEAD:main");
        return (library, superproject);
    }

    [Fact]
    public void Updates_the_stack_repositorys_submodules_then_reports_nothing_to_change()
    {
        var (library, superproject) = CreateStackRepositoryWithSubmodule();
        var work = _git.Clone(superproject, "work");

        var first = BuildProgram.Run(work, null, "--stack=stack", "--target=UpdateSubmodules");
        var second = BuildProgram.Run(work, null, "--stack=stack", "--target=UpdateSubmodules");
        var afterRecorded = File.ReadAllText(Path.Combine(work, "libs", "lib", "lib.txt"));
        _git.PushCommit(library, "lib.txt", "v2");
        var remote = BuildProgram.Run(work, null, "--stack=stack", "--target=UpdateSubmodules", "--submodules=remote");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("libs/lib: moved (not cloned) ->", first.Output);
        Assert.Equal("v1", afterRecorded);
        Assert.Contains("Submodules: 1 checked, nothing to change.", second.Output);
        Assert.True(remote.ExitCode == 0, remote.ToString());
        Assert.Equal("v2", File.ReadAllText(Path.Combine(work, "libs", "lib", "lib.txt")));
    }

    [Fact]
    public void A_submodule_with_local_changes_stops_the_run_and_is_left_alone()
    {
        var (_, superproject) = CreateStackRepositoryWithSubmodule();
        var work = _git.Clone(superproject, "work", recurseSubmodules: true);
        File.WriteAllText(Path.Combine(work, "libs", "lib", "lib.txt"), "edited by hand");

        var result = BuildProgram.Run(work, null, "--stack=stack", "--target=UpdateSubmodules", "--submodules=remote");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("libs/lib", result.Output);
        Assert.Equal("edited by hand", File.ReadAllText(Path.Combine(work, "libs", "lib", "lib.txt")));
    }
}
