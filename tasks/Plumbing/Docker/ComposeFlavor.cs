namespace PrivateCloud.Tasks.Plumbing.Docker;

public enum ComposeFlavor
{
    /// <summary>The Go plugin, run as `docker compose`.</summary>
    PluginV2,

    /// <summary>The Python `docker-compose` 1.x (Debian bookworm ships 1.29).</summary>
    StandaloneV1,
}
