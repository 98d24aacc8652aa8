using LibGit2Sharp;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Git.Submodules;

namespace PrivateCloud.Tests.Git;

public sealed class SubmoduleUpdaterTests : IDisposable
{
    private readonly GitSandbox _git = new();
    private readonly SubmoduleUpdater _updater = new();

    public void Dispose() => _git.Dispose();

    /// <summary>
    /// A library remote, and a superproject remote whose main branch records the library's first
    /// commit at libs/lib. Returns the commit ids involved.
    /// </summary>
    private (string Library, string Superproject, string LibraryCommit) CreateSuperprojectWithLibrary()
    {
        var library = _git.CreateRemote("library", "lib.txt", "v1");
        var superproject = _git.CreateRemote("superproject");
        var author = _git.Clone(superproject, "author");
        _git.Git(author, "submodule", "--quiet", "add", library, "libs/lib");
        _git.Git(author, "commit", "--quiet", "-m", "add library");
        _git.Git(author, "push", "--quiet", "origin", "HEAD:main");
        return (library, superproject, _git.Head(Path.Combine(author, "libs/lib")));
    }

    private string HeadOf(string repository, string submodulePath) =>
        _git.Head(Path.Combine(repository, submodulePath));

    [Fact]
    public void Clones_an_uninitialised_submodule_at_the_recorded_commit()
    {
        var (_, superproject, libraryCommit) = CreateSuperprojectWithLibrary();
        var work = _git.Clone(superproject, "work");
        Assert.False(Repository.IsValid(Path.Combine(work, "libs/lib")));

        var results = _updater.Update(work);

        Assert.Equal([new SubmoduleUpdateResult("libs/lib", null, libraryCommit, true)], results);
        Assert.Equal(libraryCommit, HeadOf(work, "libs/lib"));
        Assert.Equal("v1", File.ReadAllText(Path.Combine(work, "libs/lib/lib.txt")));
        Assert.Equal(string.Empty, _git.Git(work, "status", "--porcelain"));
    }

    [Fact]
    public void A_second_run_reports_no_change()
    {
        var (_, superproject, libraryCommit) = CreateSuperprojectWithLibrary();
        var work = _git.Clone(superproject, "work");
        _updater.Update(work);

        var results = _updater.Update(work);

        Assert.Equal([new SubmoduleUpdateResult("libs/lib", libraryCommit, libraryCommit, false)], results);
    }

    [Fact]
    public void Moves_to_the_newly_recorded_commit_after_the_superproject_moves()
    {
        var (library, superproject, firstCommit) = CreateSuperprojectWithLibrary();
        var work = _git.Clone(superproject, "work", recurseSubmodules: true);
        var secondCommit = _git.PushCommit(library, "lib.txt", "v2");
        var author = _git.Clone(superproject, "author2", recurseSubmodules: true);
        _git.Git(Path.Combine(author, "libs/lib"), "checkout", "--quiet", secondCommit);
        _git.Git(author, "commit", "--quiet", "-am", "library v2");
        _git.Git(author, "push", "--quiet", "origin", "HEAD:main");
        _git.Git(work, "-c", "submodule.recurse=false", "pull", "--quiet", "--ff-only");

        var results = _updater.Update(work);

        Assert.Equal([new SubmoduleUpdateResult("libs/lib", firstCommit, secondCommit, true)], results);
        Assert.Equal(secondCommit, HeadOf(work, "libs/lib"));
        Assert.Equal("v2", File.ReadAllText(Path.Combine(work, "libs/lib/lib.txt")));
        Assert.Equal(string.Empty, _git.Git(work, "status", "--porcelain"));
    }

    [Fact]
    public void Remote_mode_moves_to_the_new_upstream_commit_and_then_stays()
    {
        var (library, superproject, firstCommit) = CreateSuperprojectWithLibrary();
        var work = _git.Clone(superproject, "work", recurseSubmodules: true);
        var upstreamCommit = _git.PushCommit(library, "lib.txt", "v2");

        var first = _updater.Update(work, SubmoduleUpdateMode.Remote);
        var second = _updater.Update(work, SubmoduleUpdateMode.Remote);

        Assert.Equal([new SubmoduleUpdateResult("libs/lib", firstCommit, upstreamCommit, true)], first);
        Assert.Equal([new SubmoduleUpdateResult("libs/lib", upstreamCommit, upstreamCommit, false)], second);
        Assert.Equal(upstreamCommit, HeadOf(work, "libs/lib"));
        Assert.Equal("v2", File.ReadAllText(Path.Combine(work, "libs/lib/lib.txt")));
    }

    [Fact]
    public void Remote_mode_follows_the_branch_named_in_gitmodules()
    {
        var (library, superproject, firstCommit) = CreateSuperprojectWithLibrary();
        var staging = _git.Clone(library, "library-staging");
        _git.Git(staging, "checkout", "--quiet", "-b", "stable");
        var stableCommit = _git.Commit(staging, "lib.txt", "stable");
        _git.Git(staging, "push", "--quiet", "origin", "stable");
        _git.PushCommit(library, "lib.txt", "unstable main");
        var work = _git.Clone(superproject, "work");
        _git.Git(work, "config", "-f", ".gitmodules", "submodule.libs/lib.branch", "stable");

        var results = _updater.Update(work, SubmoduleUpdateMode.Remote);

        Assert.Equal([new SubmoduleUpdateResult("libs/lib", null, stableCommit, true)], results);
        Assert.NotEqual(firstCommit, stableCommit);
        Assert.Equal("stable", File.ReadAllText(Path.Combine(work, "libs/lib/lib.txt")));
    }

    [Fact]
    public void Updates_nested_submodules_recursively()
    {
        var inner = _git.CreateRemote("inner", "inner.txt", "inner v1");
        var library = _git.CreateRemote("library", "lib.txt", "v1");
        var libraryAuthor = _git.Clone(library, "library-author");
        _git.Git(libraryAuthor, "submodule", "--quiet", "add", inner, "vendor/inner");
        _git.Git(libraryAuthor, "commit", "--quiet", "-m", "add inner");
        _git.Git(libraryAuthor, "push", "--quiet", "origin", "HEAD:main");
        var libraryCommit = _git.Head(libraryAuthor);
        var innerCommit = _git.Head(Path.Combine(libraryAuthor, "vendor/inner"));
        var superproject = _git.CreateRemote("superproject");
        var author = _git.Clone(superproject, "author");
        _git.Git(author, "submodule", "--quiet", "add", library, "libs/lib");
        _git.Git(author, "commit", "--quiet", "-m", "add library");
        _git.Git(author, "push", "--quiet", "origin", "HEAD:main");
        var work = _git.Clone(superproject, "work");

        var results = _updater.Update(work);
        var again = _updater.Update(work);

        Assert.Equal(
            [new SubmoduleUpdateResult("libs/lib", null, libraryCommit, true),
             new SubmoduleUpdateResult("libs/lib/vendor/inner", null, innerCommit, true)],
            results);
        Assert.Equal("inner v1", File.ReadAllText(Path.Combine(work, "libs/lib/vendor/inner/inner.txt")));
        Assert.All(again, result => Assert.False(result.Changed));
        Assert.Equal(2, again.Count);
    }

    [Fact]
    public void Refuses_a_submodule_with_local_changes_and_changes_nothing()
    {
        var (library, superproject, firstCommit) = CreateSuperprojectWithLibrary();
        var work = _git.Clone(superproject, "work", recurseSubmodules: true);
        _git.PushCommit(library, "lib.txt", "v2");
        var submodule = Path.Combine(work, "libs/lib");
        File.WriteAllText(Path.Combine(submodule, "lib.txt"), "local edit");
        File.WriteAllText(Path.Combine(submodule, "notes.txt"), "untracked");

        var exception = Assert.Throws<DirtySubmoduleException>(() => _updater.Update(work, SubmoduleUpdateMode.Remote));

        Assert.Equal(
            $"{work}: not updating submodules, libs/lib has 2 changed or untracked file(s); commit, stash or discard those changes, then run again",
            exception.Message);
        Assert.IsAssignableFrom<BuildInputException>(exception);
        Assert.Equal(new Dictionary<string, int> { ["libs/lib"] = 2 }, exception.ChangedFiles);
        Assert.Equal(firstCommit, HeadOf(work, "libs/lib"));
        Assert.Equal("local edit", File.ReadAllText(Path.Combine(submodule, "lib.txt")));
        Assert.True(File.Exists(Path.Combine(submodule, "notes.txt")));
    }

    [Fact]
    public void Ignored_files_do_not_block_an_update()
    {
        var (_, superproject, libraryCommit) = CreateSuperprojectWithLibrary();
        var work = _git.Clone(superproject, "work", recurseSubmodules: true);
        var submodule = Path.Combine(work, "libs/lib");
        var exclude = _git.Git(submodule, "rev-parse", "--git-path", "info/exclude");
        File.AppendAllText(Path.GetFullPath(exclude, submodule), "build/\n");
        Directory.CreateDirectory(Path.Combine(submodule, "build"));
        File.WriteAllText(Path.Combine(submodule, "build/out.bin"), "artefact");

        var results = _updater.Update(work);

        Assert.Equal([new SubmoduleUpdateResult("libs/lib", libraryCommit, libraryCommit, false)], results);
    }

    [Fact]
    public void A_dry_run_reports_the_changes_and_touches_nothing()
    {
        var (library, superproject, firstCommit) = CreateSuperprojectWithLibrary();
        var fresh = _git.Clone(superproject, "fresh");
        var cloned = _git.Clone(superproject, "cloned", recurseSubmodules: true);
        var upstreamCommit = _git.PushCommit(library, "lib.txt", "v2");

        var recorded = _updater.Update(fresh, dryRun: true);
        var remote = _updater.Update(cloned, SubmoduleUpdateMode.Remote, dryRun: true);

        Assert.Equal([new SubmoduleUpdateResult("libs/lib", null, firstCommit, true)], recorded);
        Assert.Equal([new SubmoduleUpdateResult("libs/lib", firstCommit, upstreamCommit, true)], remote);
        Assert.False(Repository.IsValid(Path.Combine(fresh, "libs/lib")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(fresh, "libs/lib")));
        Assert.Equal(firstCommit, HeadOf(cloned, "libs/lib"));
        using var clonedLibrary = new Repository(Path.Combine(cloned, "libs/lib"));
        Assert.Null(clonedLibrary.Lookup<Commit>(upstreamCommit)); // not even fetched
    }

    [Fact]
    public void Rejects_a_path_that_is_not_a_repository()
    {
        var folder = _git.PathOf("plain");
        Directory.CreateDirectory(folder);

        var exception = Assert.Throws<BuildInputException>(() => _updater.Update(folder));

        Assert.Equal($"{folder}: not the top folder of a git repository; give the path of the clone", exception.Message);
    }

    [Fact]
    public void Resolves_a_relative_submodule_url_against_the_superprojects_origin()
    {
        var library = _git.CreateRemote("library", "lib.txt", "v1");
        var superproject = _git.CreateRemote("superproject");
        var author = _git.Clone(superproject, "author");
        _git.Git(author, "submodule", "--quiet", "add", "../library.git", "libs/lib");
        _git.Git(author, "commit", "--quiet", "-m", "add library by relative url");
        _git.Git(author, "push", "--quiet", "origin", "HEAD:main");
        var upstreamCommit = _git.PushCommit(library, "lib.txt", "v2");
        var work = _git.Clone(superproject, "work");

        var planned = _updater.Update(work, SubmoduleUpdateMode.Remote, dryRun: true);
        var done = _updater.Update(work, SubmoduleUpdateMode.Remote);

        Assert.Equal([new SubmoduleUpdateResult("libs/lib", null, upstreamCommit, true)], planned);
        Assert.Equal(planned, done);
        Assert.Equal(upstreamCommit, HeadOf(work, "libs/lib"));
    }
}
