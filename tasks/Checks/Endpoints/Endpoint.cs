using System.Globalization;

namespace PrivateCloud.Tasks.Checks.Endpoints;

/// <summary>One thing to check: a name (for SNI, the certificate and the Host header) on a port.</summary>
public sealed record Endpoint(EndpointKind Kind, string Name, int Port)
{
    /// <summary>How the check is named in every output: "https cloud.example.org:443".</summary>
    public string Label => string.Create(CultureInfo.InvariantCulture, $"{Kind.ToString().ToLowerInvariant()} {Name}:{Port}");
}
