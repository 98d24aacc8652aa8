using System.Globalization;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.FileSystem;

namespace PrivateCloud.Tasks.Configuration.Compose;

/// <summary>
/// Remembers on this machine what compose last accepted for a stack, so ValidateCompose starts no
/// compose process while nothing it reads changed: the compose files and the files they make
/// compose read (env_file, extends, include), the env file given, the project, the environment
/// variables compose interpolates and the compose programs installed. A file of the stack compose
/// never reads (a page, a configuration file a container mounts) does not count. One entry per stack and project, holding a
/// SHA-256 over all of that; owner-only, as the .env's secrets went into it.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class ComposeValidationCache(string directory)
{
    private const int FormatVersion = 2;
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Where the docker CLI looks for the compose plugin, besides the user's own plugin folder.</summary>
    private static readonly string[] SystemPluginDirectories =
    [
        "/usr/local/lib/docker/cli-plugins", "/usr/local/libexec/docker/cli-plugins", "/usr/lib/docker/cli-plugins", "/usr/libexec/docker/cli-plugins",
    ];

    /// <summary>Whether compose accepted exactly these inputs last time.</summary>
    public bool Holds(ComposeProject project, string key) =>
        File.Exists(EntryPath(project)) && File.ReadAllText(EntryPath(project)) == key;

    public void Remember(ComposeProject project, string key)
    {
        System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        AtomicFile.Write(EntryPath(project), Encoding.UTF8.GetBytes(key), OwnerOnly);
    }

    /// <summary>The hash of everything `compose config` reads for <paramref name="project"/>.</summary>
    /// <param name="stackDirectory">Counts whole only when a compose file names a file through a variable, which only compose resolves.</param>
    /// <param name="environment">This process's environment: compose interpolates from it before the .env.</param>
    public static string Key(ComposeProject project, string stackDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"format {FormatVersion}\nproject {project.Name} {project.Directory}\n");
        var read = ComposeReadFiles.Of(project);
        if (read.NamedThroughVariable)
        {
            text.Append(CultureInfo.InvariantCulture, $"stack {ReleaseManifest.Scan(stackDirectory, DateTimeOffset.UnixEpoch).ContentHash}\n");
        }

        foreach (var file in project.Files)
        {
            text.Append(CultureInfo.InvariantCulture, $"file {file} {(File.Exists(file) ? Sha256(File.ReadAllBytes(file)) : "none")}\n");
        }

        foreach (var file in read.Files)
        {
            text.Append(CultureInfo.InvariantCulture, $"reads {file} {(File.Exists(file) ? Sha256(File.ReadAllBytes(file)) : "none")}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"env-file {project.EnvFile} {(project.EnvFile is { } env && File.Exists(env) ? Sha256(File.ReadAllBytes(env)) : "none")}\n");

        var composeText = string.Concat(project.Files.Where(File.Exists).Select(File.ReadAllText));
        foreach (var (name, value) in environment.Where(v => Interpolated(v.Key, composeText)).OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"variable {name} {Sha256(Encoding.UTF8.GetBytes(value))}\n");
        }

        foreach (var program in ComposePrograms(environment))
        {
            var info = new FileInfo(program);
            text.Append(CultureInfo.InvariantCulture, $"program {program} {info.Length} {info.LastWriteTimeUtc.Ticks}\n");
        }

        return Sha256(Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>A variable the compose files may interpolate (every reference holds <c>$NAME</c> or <c>${NAME</c>), or one compose reads itself.</summary>
    private static bool Interpolated(string name, string composeText) =>
        name.StartsWith("COMPOSE_", StringComparison.Ordinal)
        || composeText.Contains("$" + name, StringComparison.Ordinal)
        || composeText.Contains("${" + name, StringComparison.Ordinal);

    /// <summary>The docker CLI and both flavours of compose as this machine would start them: upgrading one validates again.</summary>
    private static IEnumerable<string> ComposePrograms(IReadOnlyDictionary<string, string> environment)
    {
        var path = (environment.GetValueOrDefault("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries);
        var userPlugins = environment.GetValueOrDefault("DOCKER_CONFIG") ?? Path.Combine(environment.GetValueOrDefault("HOME") ?? "/root", ".docker");
        var onPath = new[] { "docker", "docker-compose" }
            .Select(program => path.Select(folder => Path.Combine(folder, program)).FirstOrDefault(File.Exists));
        var plugins = SystemPluginDirectories.Prepend(Path.Combine(userPlugins, "cli-plugins")).Select(folder => Path.Combine(folder, "docker-compose"));
        return onPath.OfType<string>().Concat(plugins.Where(File.Exists));
    }

    private string EntryPath(ComposeProject project) =>
        Path.Combine(directory, Sha256(Encoding.UTF8.GetBytes($"{project.Directory}\n{project.Name}"))[..32]);

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
