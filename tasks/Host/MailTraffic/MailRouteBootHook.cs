using PrivateCloud.Tasks.Plumbing.Reporting;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Host.MailTraffic;

/// <summary>
/// Makes the mail SNAT rule outlive a reboot: iptables rules live only in the kernel, so a root
/// script puts the rule back and a systemd unit runs it each time Docker starts (at boot, and
/// after a restart of Docker, which is PartOf). The script reads the mail network's subnet from
/// Docker when it runs, so a network recreated with another subnet gets its rule too. Written
/// only when its text differs, so a second run changes nothing.
/// </summary>
public sealed class MailRouteBootHook(RemoteShell shell)
{
    public const string UnitName = "privatecloud-mail-route.service";
    public const string ScriptPath = "/usr/local/sbin/privatecloud-mail-route";
    public const string UnitPath = "/etc/systemd/system/" + UnitName;

    /// <param name="subnet">MAIL_SUBNET when set: then the script never asks Docker.</param>
    public MailRouteBootHookResult Ensure(string hostIp, string network, string? subnet)
    {
        // The same validation as the rule itself, before anything is written.
        SnatRule.ParseAddress(hostIp, MailRoutingSetup.HostIpVariable);
        if (subnet is not null)
        {
            SnatRule.Create(hostIp, MailRoutingSetup.HostIpVariable, subnet, MailRoutingSetup.SubnetVariable);
        }

        var files = new RemoteFiles(shell);
        var changes = new List<HostChange>();
        if (files.Write(ScriptPath, Script(hostIp.Trim(), network, subnet?.Trim()), "755", "root"))
        {
            changes.Add(new HostChange("write", "wrote", $"{ScriptPath}, which puts the SNAT rule back"));
        }

        var unitChanged = files.Write(UnitPath, Unit, "644", "root");
        if (unitChanged)
        {
            changes.Add(new HostChange("write", "wrote", $"{UnitPath}, run whenever Docker starts"));
        }

        // A container or a host without systemd as its init: the files are there, but nothing runs them at boot.
        if (!shell.Probe(MailRouteCommands.SystemdRuns()).Succeeded)
        {
            return new MailRouteBootHookResult(
                changes,
                $"systemd does not run on {shell.Target.Host}, so nothing runs {ScriptPath} at boot: " +
                "call it from the host's boot scripts after Docker has started.");
        }

        if (unitChanged)
        {
            shell.Run(MailRouteCommands.ReloadSystemd());
        }

        if (!shell.Probe(MailRouteCommands.BootHookEnabled()).Succeeded)
        {
            shell.Run(MailRouteCommands.EnableBootHook());
            changes.Add(new HostChange("enable", "enabled", $"{UnitName} whenever Docker starts"));
        }

        return new MailRouteBootHookResult(changes, null);
    }

    /// <summary>After Docker, so its networks exist; PartOf, so a restart of Docker (which rewrites its rules) runs it again.</summary>
    internal const string Unit = $"""
        # Written by RouteMailTraffic: the mail network's traffic leaves from MAIL_HOST_IP after every boot.
        [Unit]
        Description=SNAT rule sending the mail network's traffic out from MAIL_HOST_IP
        After=docker.service
        PartOf=docker.service

        [Service]
        Type=oneshot
        RemainAfterExit=yes
        ExecStart={ScriptPath}

        [Install]
        WantedBy=docker.service

        """;

    internal static string Script(string hostIp, string network, string? subnet)
    {
        var spec = SnatRule.FormatSpec("\"$subnet\"", "\"$host_ip\"");
        return $$"""
            #!/bin/sh
            # Written by RouteMailTraffic: puts back the SNAT rule that sends the mail network's traffic
            # out from MAIL_HOST_IP, which iptables forgets at every reboot. Adds it only when missing.
            set -eu
            host_ip={{ShellQuote.Quote(hostIp)}}
            network={{ShellQuote.Quote(network)}}
            # MAIL_SUBNET when it is set; empty: the network's subnet as Docker has it now.
            subnet={{ShellQuote.Quote(subnet ?? string.Empty)}}
            if [ -z "$subnet" ]; then
              subnets=$({{MailRouteCommands.SubnetQuery("\"$network\"")}} | grep -v : || true)
              if [ -z "$subnets" ] || [ "$(printf '%s\n' "$subnets" | wc -l)" -ne 1 ]; then
                echo "Docker network $network has no single IPv4 subnet (${subnets:-none}): start the stack, or set MAIL_SUBNET and run RouteMailTraffic." >&2
                exit 1
              fi
              subnet=$subnets
            fi
            if ! {{SnatRule.CheckCommandFor(spec)}} 2>/dev/null; then
              {{SnatRule.InsertCommandFor(spec)}}
              echo "added the SNAT rule for $subnet to $host_ip"
            fi

            """;
    }
}
