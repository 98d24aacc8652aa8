namespace PrivateCloud.Tasks.Plumbing.Docker;

/// <summary>
/// Which Docker engine the docker and compose CLIs talk to. A remote engine is reached over TLS
/// (DOCKER_HOST + DOCKER_CERT_PATH + DOCKER_TLS_VERIFY, understood by both the docker CLI and
/// docker-compose v1) or through a named docker context.
/// </summary>
public sealed record DockerEngineTarget
{
    private DockerEngineTarget(string? host, string? certificatePath, string? context)
    {
        Host = host;
        CertificatePath = certificatePath;
        ContextName = context;
    }

    /// <summary>The CLI's own default: the local socket, or whatever DOCKER_HOST the user exported.</summary>
    public static DockerEngineTarget Local { get; } = new(null, null, null);

    public string? Host { get; }

    public string? CertificatePath { get; }

    public string? ContextName { get; }

    /// <param name="host">tcp://name:port of the engine.</param>
    /// <param name="certificatePath">Directory with ca.pem, cert.pem and key.pem; null for an unencrypted engine.</param>
    public static DockerEngineTarget Tcp(string host, string? certificatePath)
    {
        if (!Uri.TryCreate(host, UriKind.Absolute, out var uri) || uri.Scheme != "tcp" || uri.Port <= 0)
        {
            throw new ArgumentException($"Docker host '{host}' is not of the form tcp://host:port.", nameof(host));
        }

        return new DockerEngineTarget(host, certificatePath, null);
    }

    public static DockerEngineTarget Context(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.StartsWith('-'))
        {
            throw new ArgumentException($"Docker context name '{name}' is not valid.", nameof(name));
        }

        return new DockerEngineTarget(null, null, name);
    }

    /// <summary>Variables that point the CLI at a TCP engine; empty for the other targets.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables
    {
        get
        {
            var variables = new Dictionary<string, string>();
            if (Host is null)
            {
                return variables;
            }

            variables["DOCKER_HOST"] = Host;
            if (CertificatePath is not null)
            {
                variables["DOCKER_CERT_PATH"] = CertificatePath;
                variables["DOCKER_TLS_VERIFY"] = "1";
            }

            return variables;
        }
    }

    /// <summary>Global options (before the subcommand) that select a context; empty for the other targets.</summary>
    public IReadOnlyList<string> GlobalArguments => ContextName is null ? [] : ["--context", ContextName];

    public override string ToString() =>
        ContextName is not null ? $"docker context '{ContextName}'"
        : Host is not null ? $"engine {Host}{(CertificatePath is null ? string.Empty : " (TLS)")}"
        : "local engine";
}
