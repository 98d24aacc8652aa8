namespace PrivateCloud.Tasks.Host.Volumes;

/// <summary>Which running containers have a mount from under a host path: they must stop before it is unmounted.</summary>
public static class ContainerMounts
{
    /// <summary>
    /// Prints one line per running container, "/name source source ..."; nothing when docker is not
    /// installed (then no container can be using the mount). A failing docker fails the probe: a
    /// daemon that does not answer may still have containers running.
    /// </summary>
    public const string Command =
        "command -v docker >/dev/null 2>&1 || exit 0; ids=$(docker ps -q) || exit 1; " +
        "[ -z \"$ids\" ] || docker inspect --format '{{.Name}} {{range .Mounts}}{{.Source}} {{end}}' $ids";

    /// <summary>"name (source)" for each running container mounting <paramref name="mount"/> or something under it.</summary>
    public static IReadOnlyList<string> Using(string inspectOutput, string mount)
    {
        var users = new List<string>();
        foreach (var line in inspectOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var sources = fields.Skip(1).Where(source => source == mount || source.StartsWith(mount + "/", StringComparison.Ordinal)).ToList();
            if (sources.Count > 0)
            {
                users.Add($"{fields[0].TrimStart('/')} ({string.Join(", ", sources)})");
            }
        }

        return users;
    }
}
