using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Host;

/// <summary>
/// The machine-changing host tasks as a user runs them: the build program against the disposable
/// Debian host over SSH, each task twice, the second run having nothing left to change.
/// </summary>
public sealed class HostPreparationTasksTests(DisposableHostFixture host) : IClassFixture<DisposableHostFixture>, IDisposable
{
    private readonly TemporaryDirectory _work = new();

    public void Dispose() => _work.Dispose();

    private string Target(string user = "root") => $"{user}@127.0.0.1:{host.Port}";

    private BuildProgram.Result RunAs(string user, params string[] args) => BuildProgram.Run(
        _work.Path,
        null,
        ["--stack=stack", $"--host={Target(user)}", $"--ssh-key={host.KeyFile}", $"--known-hosts={host.KnownHostsFile}", .. args]);

    private BuildProgram.Result Run(params string[] args) => RunAs("root", args);

    private static string Unique(string prefix) => $"/mnt/{prefix}-{Guid.NewGuid():N}"[..24];

    [Fact]
    public void PrepareHost_installs_the_package_creates_the_bind_directories_and_gives_each_its_declared_owner()
    {
        host.Require();
        RemoveProbePackages();
        var root = Unique("prep");
        _work.Write("stack/.env", $"COMPOSE_PROJECT_NAME=preptest\nDATA_ROOT={root}\nMAIL_VOLUME_GROUP=5000\n");
        _work.Write("stack/docker-compose.yml", """
            services:
              db:
                image: busybox
                volumes: [data:/data]
            volumes:
              data:
                driver: local
                driver_opts: {type: none, o: bind, device: "${DATA_ROOT}/databases/app"}
                x-owner: {user: "999", group: "999", mode: "0700"}
              mails:
                driver: local
                driver_opts: {type: none, o: bind, device: "${DATA_ROOT}/files/mails"}
                x-owner: {user: "0", group: "${MAIL_VOLUME_GROUP}", mode: "2775"}
              relative:
                driver_opts: {type: none, o: bind, device: ./not-created}
                x-owner: {user: "0", group: "0", mode: "0755"}
              plain: {}
            """);
        var app = $"{root}/databases/app";
        var mailDir = $"{root}/files/mails";

        string[] args = ["--target=PrepareHost", "--packages=privatecloud-probe-a"];

        var dryRun = Run([.. args, "--dryrun"]);
        var untouched = host.Exec($"dpkg-query -W -f '${{Status}}' privatecloud-probe-a 2>/dev/null; test -e {root} && echo present || echo absent");
        var first = Run(args);
        var second = Run(args);
        // Someone (an image's entrypoint, a hand) changed them since: the next run puts back only what differs.
        host.Exec($"chown 33:33 {app} && chmod 0755 {mailDir}");
        var repair = Run(args);
        var dryRunAfter = Run([.. args, "--dryrun"]);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"Data directories from the compose file's bind volumes: {app} (999:999 0700), {mailDir} (0:5000 2775)", first.Output);
        Assert.Contains("installed package privatecloud-probe-a", first.Output);
        Assert.Contains($"created directory {app}", first.Output);
        Assert.Contains($"set the owner of {app} to 999:999", first.Output);
        Assert.Contains($"set the mode of {app} to 0700", first.Output);
        Assert.Contains($"created directory {mailDir}", first.Output);
        Assert.Contains($"set the owner of {mailDir} to 0:5000", first.Output);
        Assert.Contains($"set the mode of {mailDir} to 2775", first.Output);
        Assert.Contains($"Host preparation: 7 change(s) made on {Target()}.", first.Output);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"Host preparation: nothing to change on {Target()}.", second.Output);
        Assert.DoesNotContain("apt-get", second.Output);
        Assert.True(repair.ExitCode == 0, repair.ToString());
        Assert.Contains($"set the owner of {app} to 999:999", repair.Output);
        Assert.Contains($"set the mode of {mailDir} to 2775", repair.Output);
        Assert.Contains($"Host preparation: 2 change(s) made on {Target()}.", repair.Output);
        Assert.Equal("install ok installed", host.Exec("dpkg-query -W -f '${Status}' privatecloud-probe-a"));
        Assert.Equal("999:999 700", host.Exec($"stat -c '%u:%g %a' {app}"));
        Assert.Equal("0:5000 2775", host.Exec($"stat -c '%u:%g %a' {mailDir}"));
        Assert.Equal("absent", host.Exec("test -e /root/not-created || test -e /not-created && echo present || echo absent"));
        AssertDryRunForesaw(dryRun, first, "Host preparation");
        Assert.Equal("absent", untouched.Trim());
        Assert.Contains($"Host preparation: nothing would change on {Target()}.", dryRunAfter.Output);
    }

    [Fact]
    public void PrepareHost_as_a_sudo_user_installs_and_sets_a_named_group()
    {
        host.Require();
        RemoveProbePackages();
        var root = Unique("sudo");
        _work.Write("stack/.env", "COMPOSE_PROJECT_NAME=preptest\nMAIL_VOLUME_GROUP=mail\n");
        _work.Write("stack/docker-compose.yml", $$"""
            volumes:
              mails:
                driver_opts: {type: none, o: bind, device: "{{root}}/files/mails"}
                x-owner: {user: "root", group: "${MAIL_VOLUME_GROUP}", mode: "2775"}
            """);
        string[] args = ["--target=PrepareHost", "--packages=privatecloud-probe-b"];

        var first = RunAs(DisposableHostFixture.SudoUser, args);
        var second = RunAs(DisposableHostFixture.SudoUser, args);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("sudo -n -- sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install", first.Output);
        Assert.Contains("installed package privatecloud-probe-b", first.Output);
        Assert.Contains($"set the owner of {root}/files/mails to root:mail", first.Output);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"Host preparation: nothing to change on {Target(DisposableHostFixture.SudoUser)}.", second.Output);
        Assert.Equal("install ok installed", host.Exec("dpkg-query -W -f '${Status}' privatecloud-probe-b"));
        Assert.Equal("root:mail 2775", host.Exec($"stat -c '%U:%G %a' {root}/files/mails"));
    }

    [Fact]
    public void PrepareHost_refuses_an_owner_name_the_host_does_not_have_before_changing_anything()
    {
        host.Require();
        var root = Unique("name");
        _work.Write("stack/.env", "COMPOSE_PROJECT_NAME=preptest\n");
        _work.Write("stack/docker-compose.yml", $$"""
            volumes:
              data:
                driver_opts: {type: none, o: bind, device: "{{root}}/data"}
                x-owner: {user: "no-such-user", group: "0", mode: "0755"}
            """);

        var refused = Run("--target=PrepareHost", "--packages=privatecloud-probe-a");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"The user 'no-such-user' that owns {root}/data (x-owner in the compose file) does not exist on 127.0.0.1", refused.Output);
        Assert.Equal("absent", host.Exec($"test -e {root} && echo present || echo absent"));
    }

    [Fact]
    public void MountVolume_formats_a_blank_device_mounts_it_by_uuid_once()
    {
        host.Require();
        WriteEnv();
        var device = host.CreateBlockDevice(64);
        var mount = Unique("vol");
        // Loop partitions get block major 259, which the container may not open: the whole device is formatted.
        string[] args = ["--target=MountVolume", $"--device={device}", $"--mount={mount}", "--format-device", "--partition=false"];

        var dryRun = Run([.. args, "--dryrun"]);
        var untouched = host.Exec($"blkid -p -o value -s TYPE {device} || true; test -e {mount} && echo present || echo absent");
        var first = Run(args);
        var second = Run(args);
        var dryRunAfter = Run([.. args, "--dryrun"]);

        Assert.True(first.ExitCode == 0, first.ToString());
        var uuid = host.Exec($"blkid -p -s UUID -o value {device}");
        Assert.Contains($"created an ext4 filesystem on {device}", first.Output);
        Assert.Contains($"created mount point {mount}", first.Output);
        Assert.Contains($"added to /etc/fstab: UUID={uuid} {mount} ext4 defaults,nofail 0 2", first.Output);
        Assert.Contains($"mounted {device} at {mount}", first.Output);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"Mount volume: nothing to change on {Target()}.", second.Output);
        Assert.DoesNotContain("mkfs", second.Output);
        Assert.Equal($"{device} ext4", host.Exec($"findmnt -n -o SOURCE,FSTYPE --mountpoint {mount}"));
        Assert.Equal($"UUID={uuid} {mount} ext4 defaults,nofail 0 2", host.Exec($"grep -F ' {mount} ' /etc/fstab"));
        AssertDryRunForesaw(dryRun, first, "Mount volume");
        Assert.Equal("absent", untouched.Trim());
        Assert.Contains($"Mount volume: nothing would change on {Target()}.", dryRunAfter.Output);
        host.Exec($"umount {mount}");
    }

    [Fact]
    public void MountVolume_never_formats_a_device_that_holds_a_filesystem()
    {
        host.Require();
        WriteEnv();
        var device = host.CreateBlockDevice(64);
        var mount = Unique("keep");
        host.Exec($"mkfs.ext4 -q {device} && mkdir -p /tmp/seed && mount {device} /tmp/seed && echo precious > /tmp/seed/marker && umount /tmp/seed");
        var uuid = host.Exec($"blkid -p -s UUID -o value {device}");

        var result = Run("--target=MountVolume", $"--device={device}", $"--mount={mount}", "--format-device");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("mkfs", result.Output);
        Assert.DoesNotContain("parted", result.Output);
        Assert.Contains($"added to /etc/fstab: UUID={uuid} {mount} ext4 defaults,nofail 0 2", result.Output);
        Assert.Equal("precious", host.Exec($"cat {mount}/marker"));
        Assert.Equal(uuid, host.Exec($"blkid -p -s UUID -o value {device}"));
        host.Exec($"umount {mount}");
    }

    [Fact]
    public void MountVolume_refuses_a_partitioned_device_without_a_filesystem_and_a_blank_one_without_format()
    {
        host.Require();
        WriteEnv();
        var partitioned = host.CreateBlockDevice(32);
        host.Exec($"parted -s {partitioned} mklabel gpt 2>/dev/null");
        var blank = host.CreateBlockDevice(32);

        var refusedData = Run("--target=MountVolume", $"--device={partitioned}", "--mount=/mnt/never", "--format-device");
        var refusedBlank = Run("--target=MountVolume", $"--device={blank}", "--mount=/mnt/never");

        Assert.Equal(2, refusedData.ExitCode);
        Assert.Contains($"{partitioned} on 127.0.0.1 holds data (gpt, PMBR) but no filesystem", refusedData.Output);
        Assert.Contains("it is never formatted", refusedData.Output);
        Assert.Equal("gpt", host.Exec($"blkid -p -s PTTYPE -o value {partitioned}"));
        Assert.Equal(2, refusedBlank.ExitCode);
        Assert.Contains($"{blank} on 127.0.0.1 is blank (no partition table, no filesystem): run again with --format-device", refusedBlank.Output);
        Assert.Equal("absent", host.Exec("test -e /mnt/never && echo present || echo absent"));
    }

    [Fact]
    public void GrowVolume_grows_the_filesystem_after_the_disk_grew_once_and_refuses_while_a_container_uses_it()
    {
        host.Require();
        WriteEnv();
        var device = host.CreateBlockDevice(64);
        var mount = Unique("grow");
        var mounted = Run("--target=MountVolume", $"--device={device}", $"--mount={mount}", "--format-device", "--partition=false");
        Assert.True(mounted.ExitCode == 0, mounted.ToString());
        var before = long.Parse(host.Exec($"df -k --output=size {mount} | tail -n 1").Trim());
        host.Exec($"truncate -s 160M \"$(losetup -n -O BACK-FILE {device})\" && losetup -c {device}");
        string[] args = ["--target=GrowVolume", $"--device={device}", $"--mount={mount}"];

        // A recorded docker: one running container mounts a directory under the volume.
        host.Exec($"printf '#!/bin/sh\\ncase \"$1\" in ps) echo 0123abcd ;; inspect) echo \"/stack-mail-1 {mount}/mails /etc/localtime \" ;; esac\\n' > /usr/local/bin/docker && chmod 755 /usr/local/bin/docker");
        var refused = Run(args);
        host.Exec("rm /usr/local/bin/docker");
        var grown = Run(args);
        var again = Run(args);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"Running containers use {mount} on 127.0.0.1: stack-mail-1 ({mount}/mails).", refused.Output);
        Assert.DoesNotContain("umount", refused.Output);
        Assert.True(grown.ExitCode == 0, grown.ToString());
        Assert.Contains($"grew the filesystem at {mount} to fill {device} (64 MiB before)", grown.Output);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains($"Grow volume: nothing to change on {Target()}.", again.Output);
        Assert.Equal(device, host.Exec($"findmnt -n -o SOURCE --mountpoint {mount}"));
        var after = long.Parse(host.Exec($"df -k --output=size {mount} | tail -n 1").Trim());
        Assert.True(after > 2 * before, $"df size {before} KiB before, {after} KiB after");
        host.Exec($"umount {mount}");
    }

    [Fact]
    public void GiteaSshPassthrough_creates_the_git_account_and_shim_once_then_pins_gitea_s_host_key_once_it_exists()
    {
        host.Require();
        WriteEnv();
        var keyFile = Unique("gitea") + "/ssh_host_ed25519_key.pub";
        host.Exec("rm -f /etc/ssh/gitea_known_hosts");

        var dryRun = Run("--target=SetUpGiteaSsh", "--dryrun", $"--gitea-host-key={keyFile}");
        var untouched = host.Exec("getent passwd git || echo absent");
        var first = Run("--target=SetUpGiteaSsh", $"--gitea-host-key={keyFile}");
        var second = Run("--target=SetUpGiteaSsh", $"--gitea-host-key={keyFile}");
        var dryRunAfter = Run("--target=SetUpGiteaSsh", "--dryrun", $"--gitea-host-key={keyFile}");
        host.Exec($"mkdir -p {Path.GetDirectoryName(keyFile)} && ssh-keygen -q -t ed25519 -N '' -C root@gitea -f {keyFile[..^4]}");
        var pinned = Run("--target=SetUpGiteaSsh", $"--gitea-host-key={keyFile}");
        var last = Run("--target=SetUpGiteaSsh", $"--gitea-host-key={keyFile}");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("create user git (uid 2022, home /home/git)", first.Output);
        Assert.Contains($"Gitea's SSH host key {keyFile} is not on {Target()} yet", first.Output);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"Gitea SSH passthrough: nothing to change on {Target()}.", second.Output);
        Assert.Equal(["git", "x", "2022", "2022"], host.Exec("getent passwd git").Split(':')[..4]);
        Assert.Equal("755 root", host.Exec("stat -c '%a %U' /usr/local/bin/gitea"));
        AssertDryRunForesaw(dryRun, first, "Gitea SSH passthrough");
        Assert.Equal("absent", untouched.Trim());
        Assert.Contains($"Gitea SSH passthrough: nothing would change on {Target()}.", dryRunAfter.Output);
        Assert.True(pinned.ExitCode == 0, pinned.ToString());
        Assert.Contains($"pin Gitea's SSH host key from {keyFile} in /etc/ssh/gitea_known_hosts", pinned.Output);
        Assert.Contains($"Gitea SSH passthrough: nothing to change on {Target()}.", last.Output);
        var publicKey = host.Exec($"cat {keyFile}").Split(' ');
        Assert.Equal($"[127.0.0.1]:2222 {publicKey[0]} {publicKey[1]}", host.Exec("cat /etc/ssh/gitea_known_hosts"));
        Assert.Equal("644 root", host.Exec("stat -c '%a %U' /etc/ssh/gitea_known_hosts"));
    }

    [Fact]
    public void MailRouting_adds_the_snat_rule_once()
    {
        host.Require();
        _work.Write("stack/.env", "COMPOSE_PROJECT_NAME=preptest\nMAIL_HOST_IP=192.0.2.10\nMAIL_SUBNET=172.31.251.0/24\n");
        const string rule = "-A POSTROUTING -s 172.31.251.0/24 ! -d 172.31.251.0/24 -j SNAT --to-source 192.0.2.10";

        var dryRun = Run("--target=RouteMailTraffic", "--dryrun");
        var untouched = host.Exec("iptables -t nat -S POSTROUTING");
        var first = Run("--target=RouteMailTraffic");
        var second = Run("--target=RouteMailTraffic");
        var dryRunAfter = Run("--target=RouteMailTraffic", "--dryrun");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("added SNAT rule", first.Output);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"Mail routing: nothing to change on {Target()}.", second.Output);
        Assert.Single(host.Exec("iptables -t nat -S POSTROUTING").Split('\n'), line => line == rule);
        AssertDryRunForesaw(dryRun, first, "Mail routing");
        Assert.DoesNotContain(rule, untouched);
        Assert.Contains($"Mail routing: nothing would change on {Target()}.", dryRunAfter.Output);
    }

    [Fact]
    public void MailRouting_installs_a_boot_hook_that_puts_the_rule_back_after_a_reboot_like_flush()
    {
        host.Require();
        _work.Write("stack/.env", "COMPOSE_PROJECT_NAME=preptest\nMAIL_HOST_IP=192.0.2.11\nMAIL_SUBNET=172.31.252.0/24\n");
        const string rule = "-A POSTROUTING -s 172.31.252.0/24 ! -d 172.31.252.0/24 -j SNAT --to-source 192.0.2.11";
        host.Exec("rm -f /usr/local/sbin/privatecloud-mail-route /etc/systemd/system/privatecloud-mail-route.service");

        var first = Run("--target=RouteMailTraffic");
        var second = Run("--target=RouteMailTraffic");
        // What a reboot does to the rules: the kernel starts with empty tables.
        host.Exec("iptables -t nat -F");
        var flushed = host.Exec("iptables -t nat -S POSTROUTING");
        // Boot runs the unit's ExecStart as root; this image has no systemd, so the test runs the same line.
        var execStart = host.Exec("sed -n 's/^ExecStart=//p' /etc/systemd/system/privatecloud-mail-route.service");
        var boot = host.Exec(execStart);
        var afterBoot = host.Exec("iptables -t nat -S POSTROUTING");
        var again = host.Exec(execStart);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("wrote /usr/local/sbin/privatecloud-mail-route, which puts the SNAT rule back", first.Output);
        Assert.Contains("wrote /etc/systemd/system/privatecloud-mail-route.service, run whenever Docker starts", first.Output);
        Assert.Contains("systemd does not run on 127.0.0.1, so nothing runs /usr/local/sbin/privatecloud-mail-route at boot", first.Output);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"Mail routing: nothing to change on {Target()}.", second.Output);
        Assert.Equal("755 root", host.Exec("stat -c '%a %U' /usr/local/sbin/privatecloud-mail-route"));
        Assert.Contains("After=docker.service", host.Exec("cat /etc/systemd/system/privatecloud-mail-route.service"));
        Assert.DoesNotContain(rule, flushed);
        Assert.Equal("added the SNAT rule for 172.31.252.0/24 to 192.0.2.11", boot);
        Assert.Single(afterBoot.Split('\n'), line => line == rule);
        Assert.Equal(string.Empty, again);
        Assert.Equal(afterBoot, host.Exec("iptables -t nat -S POSTROUTING"));
    }

    /// <summary>
    /// The dry run listed exactly the changes the real run then made, in order: "would create X"
    /// against "created X" (a UUID chosen at format time differs between the two, so it is masked).
    /// </summary>
    private void AssertDryRunForesaw(BuildProgram.Result dryRun, BuildProgram.Result real, string what)
    {
        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        var foreseen = Changes(dryRun, what, $"change(s) would be made on {Target()}.");
        var made = Changes(real, what, $"change(s) made on {Target()}.");

        Assert.NotEmpty(made);
        Assert.All(foreseen, change => Assert.StartsWith("would ", change, StringComparison.Ordinal));
        Assert.Equal(made.Select(WithoutVerb), foreseen.Select(change => WithoutVerb(change["would ".Length..])));
    }

    /// <summary>The change lines a host task prints just above its "N change(s) … made on host." line.</summary>
    private static List<string> Changes(BuildProgram.Result result, string what, string summaryEnd)
    {
        var lines = result.Output.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        var summary = lines.FindIndex(line => line.StartsWith(what + ": ", StringComparison.Ordinal) && line.EndsWith(summaryEnd, StringComparison.Ordinal));
        Assert.True(summary >= 0, $"no '{what}: N {summaryEnd}' line in:\n{result.Output}");
        var count = int.Parse(lines[summary][(what.Length + 2)..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        return [.. lines.Skip(summary - count).Take(count).Select(line => line.Trim())];
    }

    private static string WithoutVerb(string change) =>
        System.Text.RegularExpressions.Regex.Replace(change[(change.IndexOf(' ') + 1)..], "UUID=[0-9a-f-]+", "UUID=<uuid>");

    /// <summary>b depends on a: whichever test runs first would otherwise install the other's package.</summary>
    private void RemoveProbePackages() => host.Exec("dpkg --purge privatecloud-probe-b privatecloud-probe-a >/dev/null");

    private void WriteEnv() => _work.Write("stack/.env", "COMPOSE_PROJECT_NAME=preptest\n");
}
