using System.Globalization;
using PrivateCloud.Tasks.Checks.Endpoints;
using PrivateCloud.Tasks.Plumbing.Health;
using PrivateCloud.Tasks.Host;
using PrivateCloud.Tasks.Host.DataDisks;
using PrivateCloud.Tasks.Mail.Dns;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Targets.FirstInstall;

/// <summary>
/// What a first install needs of the host, found before anything changes it: SSH and sudo, the tools
/// the host tasks run, Docker and compose, the data mounts, the routed names' addresses and the
/// ports the stack publishes. Reads only; one finding per line, each naming what to do.
/// </summary>
public sealed class HostPreflight(RemoteShell shell, DataMountCheck mounts, DnsVerifier dns)
{
    /// <summary>What the host tasks run: PrepareHost (dpkg, apt), MountVolume and GrowVolume, RouteMailTraffic, this check's ports.</summary>
    public static readonly IReadOnlyList<string> RequiredTools = ["apt-get", "dpkg-query", "mountpoint", "blkid", "mkfs.ext4", "e2fsck", "resize2fs", "iptables", "ss"];

    /// <summary>MountVolume partitions with parted when it is there; without it, --partition=false formats the whole device.</summary>
    public static readonly IReadOnlyList<string> OptionalTools = ["parted"];

    /// <summary>Traefik's HTTP (the certificate challenge's redirect) and the ports CheckEndpoints probes.</summary>
    public static IReadOnlyList<int> Ports { get; } = [80, .. EndpointPorts.Default.Ports.Values.Order()];

    /// <param name="addresses">The A/AAAA records every routed name should have; empty when --host-ip is not given.</param>
    public IReadOnlyList<CheckResult> Run(IReadOnlyList<DataDirectory> dataDirectories, bool singleDisk, IReadOnlyList<DnsRecord> addresses)
    {
        var host = shell.Target.Host;
        string login;
        try
        {
            login = shell.Read(PreflightCommands.Login()).Trim();
        }
        catch (RemoteConnectionException ex)
        {
            return [new CheckResult("ssh", CheckState.Fail,
                $"cannot reach {shell.Target}: {ex.Message} Check --host and --ssh-key; the first connection needs --accept-new-host-key.")];
        }

        List<CheckResult> results = [new("ssh", CheckState.Ok, $"logged in to {host} as {login}")];
        var sudo = Sudo();
        results.Add(sudo);
        if (sudo.State == CheckState.Fail)
        {
            return results;
        }

        results.Add(Tools());
        results.Add(Docker());
        results.Add(Mounts(dataDirectories, singleDisk));
        results.Add(Names(addresses));
        results.Add(PortsInUse());
        return results;
    }

    private CheckResult Sudo()
    {
        if (shell.Target.User == SshTarget.DefaultUser)
        {
            return new CheckResult("sudo", CheckState.Ok, "logged in as root: no sudo needed");
        }

        var probe = shell.Probe(PreflightCommands.Sudo());
        return probe.Succeeded
            ? new CheckResult("sudo", CheckState.Ok, $"{shell.Target.User} runs commands as root with sudo -n")
            : new CheckResult("sudo", CheckState.Fail,
                $"{shell.Target.User} on {shell.Target.Host} cannot run sudo without a password: add '{shell.Target.User} ALL=(ALL) NOPASSWD: ALL' in /etc/sudoers.d/, or connect as root.");
    }

    private CheckResult Tools()
    {
        var all = RequiredTools.Concat(OptionalTools).ToList();
        var absent = shell.Read(PreflightCommands.MissingTools(all)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var missing = RequiredTools.Where(absent.Contains).ToList();
        var optional = OptionalTools.Where(absent.Contains).ToList();
        return missing.Count > 0
            ? new CheckResult("tools", CheckState.Fail,
                $"{string.Join(", ", missing)} missing on {shell.Target.Host}: apt-get install iptables util-linux e2fsprogs iproute2 (PrepareHost and the host tasks run them).")
            : optional.Count > 0
            ? new CheckResult("tools", CheckState.Ok,
                $"every tool the host tasks need is there; {string.Join(", ", optional)} (optional) is not: MountVolume then needs --partition=false, or apt-get install parted")
            : new CheckResult("tools", CheckState.Ok, $"{all.Count.ToString(CultureInfo.InvariantCulture)} tools there, {string.Join(", ", OptionalTools)} too");
    }

    private CheckResult Docker()
    {
        var engine = shell.Probe(PreflightCommands.DockerVersion());
        if (!engine.Succeeded)
        {
            return new CheckResult("docker", CheckState.Fail,
                $"no Docker engine answers on {shell.Target.Host} ({FirstLine(engine.StandardError)}): apt-get install docker.io docker-compose, then systemctl start docker.");
        }

        var compose = shell.Probe(PreflightCommands.ComposeVersion());
        var lines = compose.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return compose.Succeeded && lines.Length == 2
            ? new CheckResult("docker", CheckState.Ok, $"Docker {engine.StandardOutput.Trim()}, compose {lines[1]} {lines[0]}")
            : new CheckResult("docker", CheckState.Fail,
                $"Docker {engine.StandardOutput.Trim()} runs on {shell.Target.Host} but without compose: apt-get install docker-compose (Debian 12: 1.29; Debian 13: v2).");
    }

    private CheckResult Mounts(IReadOnlyList<DataDirectory> directories, bool singleDisk)
    {
        if (directories.Count == 0)
        {
            return new CheckResult("data mounts", CheckState.NotConfigured,
                $"neither {DataDirectory.DatabasesVariable} nor {DataDirectory.FilesVariable} is set in the .env: set them to the data volumes' mount points.");
        }

        var details = mounts.Read(directories).Select(found => found.State == DataMountState.Mounted
                ? new CheckResult(found.Directory.Variable, CheckState.Ok, $"{found.Directory.Path} is a mount point")
                : new CheckResult(found.Directory.Variable, singleDisk ? CheckState.Ok : CheckState.Fail,
                    singleDisk ? $"{found.Directory.Path} is on the root filesystem, as {DataDiskSettings.SingleDiskSetting.Option}=true says" : mounts.Problem(found.Directory, found.State)))
            .ToList();
        return CheckResult.Summary("data mounts", details, string.Empty);
    }

    private CheckResult Names(IReadOnlyList<DnsRecord> addresses)
    {
        if (addresses.Count == 0)
        {
            return new CheckResult("dns", CheckState.NotConfigured,
                $"give {Mail.MailSettings.HostIpSetting.Option}=<the host's public address> to check that every routed name and MAIL_DOMAIN resolve to it.");
        }

        var checks = dns.VerifyAsync(addresses).GetAwaiter().GetResult();
        var details = checks.Select(check => check.Status == DnsCheckStatus.Ok
                ? new CheckResult(check.Record.Name.TrimEnd('.'), CheckState.Ok, $"{check.Record.Type} {check.Record.Value}")
                : new CheckResult(check.Record.Name.TrimEnd('.'), CheckState.Fail,
                    $"{check.Record.Type} is {(check.Found.Count == 0 ? check.Status.ToString().ToLowerInvariant() : string.Join(", ", check.Found))}, not {check.Record.Value}: publish the record MailDnsRecords --host-ip lists."))
            .ToList();
        return CheckResult.Summary("dns", details, string.Empty);
    }

    private CheckResult PortsInUse()
    {
        var listening = shell.Probe(PreflightCommands.ListeningPorts());
        if (!listening.Succeeded)
        {
            return new CheckResult("ports", CheckState.Warn, $"ss could not list the listening ports on {shell.Target.Host}: apt-get install iproute2.");
        }

        var owners = ListeningPorts(listening.StandardOutput);
        var details = Ports.Select(port => owners.TryGetValue(port, out var owner)
                ? owner == "docker-proxy"
                    ? new CheckResult(Port(port), CheckState.Ok, "published by Docker")
                    : new CheckResult(Port(port), CheckState.Warn, $"in use by {owner}: the stack cannot publish it; stop {owner} or move it to another port")
                : new CheckResult(Port(port), CheckState.Ok, "free"))
            .ToList();
        return CheckResult.Summary("ports", details, string.Empty) with
        {
            Line = string.Join(", ", details.Select(d => $"{d.Name} {d.Line}")),
        };
    }

    /// <summary>Port to process name from <c>ss -Htlnp</c>: <c>LISTEN 0 4096 0.0.0.0:443 0.0.0.0:* users:(("docker-proxy",pid=9,fd=4))</c>.</summary>
    internal static IReadOnlyDictionary<int, string> ListeningPorts(string ss)
    {
        var owners = new Dictionary<int, string>();
        foreach (var fields in ss.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            if (fields.Length < 4 || !int.TryParse(fields[3][(fields[3].LastIndexOf(':') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                continue;
            }

            var users = fields.Length > 5 ? fields[5] : string.Empty;
            var start = users.IndexOf("((\"", StringComparison.Ordinal);
            var owner = start < 0 ? "an unknown process" : users[(start + 3)..users.IndexOf('"', start + 3)];
            owners.TryAdd(port, owner);
        }

        return owners;
    }

    private static string Port(int port) => $"port {port.ToString(CultureInfo.InvariantCulture)}";

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "no message";
}
