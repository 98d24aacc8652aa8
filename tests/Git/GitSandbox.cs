using System.Diagnostics;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Git;

/// <summary>
/// A temporary folder of real git repositories made with the git CLI. Local bare repositories
/// serve as remotes; git's refusal of file:// submodules is lifted for these child processes
/// only (GIT_CONFIG_* in their environment), never in any config file.
/// </summary>
public sealed class GitSandbox : IDisposable
{
    public GitSandbox()
    {
        Requires.That(Requires.Executable("git"), "the git CLI is needed to build test repositories");
        Root = Directory.CreateTempSubdirectory("submodules-").FullName;
    }

    public string Root { get; }

    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>A bare repository with one commit holding <paramref name="file"/>; returns its path.</summary>
    public string CreateRemote(string name, string file = "README", string content = "first")
    {
        var bare = PathOf(name + ".git");
        Git(Root, "init", "--quiet", "--bare", "--initial-branch=main", bare);
        var seed = PathOf(name + "-seed");
        Git(Root, "clone", "--quiet", bare, seed);
        Commit(seed, file, content);
        Git(seed, "push", "--quiet", "origin", "HEAD:main");
        return bare;
    }

    /// <summary>A working clone of <paramref name="remote"/>, with submodules when asked.</summary>
    public string Clone(string remote, string name, bool recurseSubmodules = false)
    {
        var target = PathOf(name);
        Git(Root, recurseSubmodules
            ? ["clone", "--quiet", "--recurse-submodules", remote, target]
            : ["clone", "--quiet", remote, target]);
        return target;
    }

    /// <summary>Writes a file, commits it and returns the new commit id.</summary>
    public string Commit(string repository, string file, string content)
    {
        var path = Path.Combine(repository, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        Git(repository, "add", "--", file);
        Git(repository, "commit", "--quiet", "-m", $"write {file}");
        return Head(repository);
    }

    /// <summary>Pushes a new commit to a bare remote through a temporary clone; returns its id.</summary>
    public string PushCommit(string remote, string file, string content)
    {
        var clone = PathOf($"push-{Guid.NewGuid():N}");
        Git(Root, "clone", "--quiet", remote, clone);
        var commit = Commit(clone, file, content);
        Git(clone, "push", "--quiet", "origin", "HEAD:main");
        return commit;
    }

    public string Head(string repository) => Git(repository, "rev-parse", "HEAD");

    public string Git(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Hermetic: no user or system config, fixed identity, local submodule URLs allowed.
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["GIT_CONFIG_COUNT"] = "1";
        start.Environment["GIT_CONFIG_KEY_0"] = "protocol.file.allow";
        start.Environment["GIT_CONFIG_VALUE_0"] = "always";
        start.Environment["GIT_AUTHOR_NAME"] = start.Environment["GIT_COMMITTER_NAME"] = "Test";
        start.Environment["GIT_AUTHOR_EMAIL"] = start.Environment["GIT_COMMITTER_EMAIL"] = "test@example.invalid";

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {error.Result}");
        }

        return output.Trim();
    }

    public void Dispose()
    {
        // git makes pack files read-only; clear that so the folder can go.
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(Root, recursive: true);
    }
}
