using System.Net;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Checks.Endpoints;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Checks;

/// <summary>How CheckEndpoints and Doctor check the cloud from outside; Doctor, above the areas, declares that it reads them.</summary>
public sealed record CheckSettings
{
    public static readonly Setting CertWarnDays = new("cert-warn-days", "Certificates expiring within this many days warn (below 3 days they fail).", "14")
    {
        ReadBy = [nameof(CheckEndpoints)],
    };

    public static readonly Setting CaFile = new("ca-file", "PEM file of the CA certificates endpoint certificates must chain to, instead of the system's trust store.")
    {
        ReadBy = [nameof(CheckEndpoints)],
    };

    public static readonly Setting Resolve = new("resolve", "Connect to this IP address instead of resolving each name (like curl --resolve), e.g. before DNS points at the host.")
    {
        ReadBy = [nameof(CheckEndpoints)],
    };

    public static readonly Setting CheckTimeout = new("check-timeout", "Seconds each endpoint check may take; the checks run in parallel.", "10")
    {
        ReadBy = [nameof(CheckEndpoints)],
    };

    public static readonly Setting EndpointPorts = new(
        "endpoint-ports", "The ports the endpoint checks connect to, as kind=port pairs.", Endpoints.EndpointPorts.DefaultText)
    {
        ReadBy = [nameof(CheckEndpoints)],
    };

    public static readonly Setting Report = new("report", "Doctor also writes its report as a self-contained HTML page to this file.")
    {
        ReadBy = [],
    };

    public static IReadOnlyList<Setting> Definitions { get; } = [CertWarnDays, CaFile, Resolve, CheckTimeout, EndpointPorts, Report];

    public required int WarnDays { get; init; }

    public string? CaFilePath { get; init; }

    public IPAddress? ResolveTo { get; init; }

    public required TimeSpan Timeout { get; init; }

    public required EndpointPorts Ports { get; init; }

    public string? ReportFile { get; init; }

    public static CheckSettings Read(SettingSources sources, string workingDirectory)
    {
        IPAddress? address = null;
        if (sources.Find(Resolve) is { } resolve && !IPAddress.TryParse(resolve.Value, out address))
        {
            throw new BuildInputException($"{resolve.Origin}: {Resolve.Option} takes an IP address like 203.0.113.7, not '{resolve.Value}'.");
        }

        string? caFile = null;
        if (sources.Find(CaFile) is { } ca)
        {
            caFile = Path.GetFullPath(SettingPaths.Expand(ca.Value), workingDirectory);
            if (!File.Exists(caFile))
            {
                throw new BuildInputException($"{ca.Origin}: the CA file '{caFile}' does not exist.");
            }
        }

        var ports = sources.Find(EndpointPorts) is { } given
            ? Endpoints.EndpointPorts.Parse(given.Value, given.Origin)
            : Endpoints.EndpointPorts.Default;

        return new CheckSettings
        {
            WarnDays = sources.GetInt(CertWarnDays, CertificateJudge.FailDays, 3650),
            CaFilePath = caFile,
            ResolveTo = address,
            Timeout = TimeSpan.FromSeconds(sources.GetInt(CheckTimeout, 1, 3600)),
            Ports = ports,
            ReportFile = sources.Get(Report) is { } report ? Path.GetFullPath(SettingPaths.Expand(report), workingDirectory) : null,
        };
    }
}
