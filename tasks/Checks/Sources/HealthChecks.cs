using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Checks.Endpoints;
using PrivateCloud.Tasks.Plumbing.Health;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Checks.Sources;

/// <summary>
/// Makes the endpoint checks CheckEndpoints runs, and how every check runs and reports, from the run's
/// settings. Doctor's other checks read other areas' results: the top layer makes them (DoctorChecks).
/// </summary>
public static class HealthChecks
{
    public static HealthServices Create(BuildSettings settings, ICakeLog log, TextWriter standardOutput, TimeProvider clock) =>
        new(Endpoints(settings, clock), new HealthRunner(clock), new HealthOutput(log, standardOutput, settings.Format, settings.Checks.ReportFile));

    public static EndpointsCheck Endpoints(BuildSettings settings, TimeProvider clock)
    {
        var checks = settings.Checks;
        var judge = new CertificateJudge(TrustedRoots(checks.CaFilePath), checks.WarnDays, clock);
        var prober = new EndpointProber(judge, checks.ResolveTo, checks.Timeout, MailCredentials.From(settings.Variables), new LegacyTlsProbe(checks.ResolveTo));
        // Without the compose files nothing is known to be routed: only the mail ports are checked.
        return new EndpointsCheck(EndpointPlan.From(TraefikRoutes.Of(settings), settings.Variables, checks.Ports), new EndpointChecker(prober));
    }

    private static X509Certificate2Collection? TrustedRoots(string? caFile)
    {
        if (caFile is null)
        {
            return null;
        }

        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(caFile);
        }
        catch (CryptographicException exception)
        {
            throw new BuildInputException($"{CheckSettings.CaFile.Option}={caFile}: not a PEM file of certificates ({exception.Message}).");
        }

        return roots.Count > 0
            ? roots
            : throw new BuildInputException($"{CheckSettings.CaFile.Option}={caFile} holds no certificate: give a PEM file with the CA certificates.");
    }
}
