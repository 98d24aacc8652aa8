using System.Runtime.Versioning;
using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Cli;

/// <summary>
/// Bad input as a careless user gives it, each run through the real build program against a real
/// sshd: the run stops with exit code 2 (the user's input) or 1 (what it points at is broken), one
/// "Error:" line naming the setting, file, line or host and what to do, no file changed in the work
/// folder, the remote directory never made, and for input refused before connecting, no SSH login.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class BadInputCatalogueTests(SshServerFixture server) : IClassFixture<SshServerFixture>, IDisposable
{
    /// <summary>Stands for the arguments that reach the test's sshd with its remote directory.</summary>
    private const string Host = "@host";

    private readonly TemporaryDirectory _work = new();

    public void Dispose() => _work.Dispose();

    /// <param name="Files">Written over the good stack first: "path" → content; content "-> target" makes a symbolic link.</param>
    /// <param name="Connects">The run must log in to find the problem (a host key, a key file).</param>
    /// <param name="Locks">
    /// The task changes the host and finds the problem only once the deploy lock is held: the run then leaves
    /// on the host the lock's own files and one audit line saying it failed, and nothing else.
    /// </param>
    public sealed record Case(string[] Args, int Exit, string Message, Dictionary<string, string>? Files = null, bool Connects = false, bool Locks = false);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["unknown setting"] = new(["--target=Plan", "--unknown-setting=1"], 2, "Unknown setting --unknown-setting."),
        ["keep-releases not a number"] = new(["--target=Deploy", Host, "--keep-releases=abc"], 2, "--keep-releases takes a whole number from 2 to 100."),
        ["keep-releases too small"] = new(["--target=Deploy", Host, "--keep-releases=1"], 2, "--keep-releases takes a whole number from 2 to 100."),
        ["remote-dir relative"] = new(["--target=Deploy", Host, "--remote-dir=srv/cloud"], 2, "--remote-dir must be an absolute directory other than /, not 'srv/cloud'."),
        ["remote-dir root"] = new(["--target=Deploy", Host, "--remote-dir=/"], 2, "--remote-dir must be an absolute directory other than /"),
        ["timeout zero"] = new(["--target=Deploy", Host, "--timeout=0"], 2, "--timeout takes a whole number from 1 to 86400."),
        ["docker-host without certificates"] = new(["--target=Up", "--docker-host=tcp://10.0.0.5:2375"], 2, "--docker-host=tcp://10.0.0.5:2375 without --docker-cert-path reaches the engine unencrypted"),
        ["docker-host not tcp"] = new(["--target=Up", "--docker-host=http://10.0.0.5"], 2, "Docker host 'http://10.0.0.5' is not of the form tcp://host:port."),
        ["docker-host and context"] = new(["--target=Up", "--docker-host=tcp://a:1", "--docker-insecure", "--docker-context=x"], 2, "Give --docker-host or --docker-context, not both."),
        ["compose-file absolute"] = new(["--target=Deploy", Host, "--compose-file=/etc/compose.yml"], 2, "'/etc/compose.yml' is not, so it would never be uploaded: move it into the stack."),
        ["compose-file outside the stack"] = new(["--target=Deploy", Host, "--compose-file=../compose.yml"], 2, "'../compose.yml' is not, so it would never be uploaded"),
        ["compose-file missing"] = new(["--target=ValidateCompose", "--compose-file=missing.yml"], 2, "--compose-file (command line): neither STACK/missing.yml nor a template of it exists: check --compose-file."),
        ["compose not a flavour"] = new(["--target=Deploy", Host, "--compose=v3"], 2, "--compose (command line): --compose takes auto, v1 or v2, not 'v3'."),
        ["service name like an option"] = new(["--target=Deploy", Host, "--services=web,--volumes"], 2, "--services takes names of letters, digits, '_', '.' and '-' that start with a letter or digit; '--volumes' is not one."),
        ["service not in the compose file"] = new(["--target=Deploy", Host, "--services=wbe"], 2, "--services=wbe: docker-compose.yml in STACK define no such service (defined: web)."),
        ["logs of an unknown service"] = new(["--target=ShowLogs", Host, "--service=db"], 2, "--service=db: docker-compose.yml in STACK define no such service (defined: web)."),
        ["reset of an unknown volume"] = new(["--target=Recreate", Host, "--service=web", "--reset-volume=cache", "--confirm"], 2, "--reset-volume=cache: docker-compose.yml in STACK define no such volume (defined: data)."),
        ["reset-volume without confirm"] = new(["--target=Recreate", Host, "--service=web", "--reset-volume=data"], 2, "--reset-volume=data deletes that volume and its data: run again with --confirm to do it."),
        ["mount over /etc"] = new(["--target=MountVolume", Host, "--device=/dev/sdb", "--mount=/etc"], 2, "--mount=/etc is a system directory"),
        ["mount inside /usr"] = new(["--target=MountVolume", Host, "--device=/dev/sdb", "--mount=/usr/local/data"], 2, "--mount=/usr/local/data is inside the system directory /usr"),
        ["mount with a space"] = new(["--target=MountVolume", Host, "--device=/dev/sdb", "--mount=/mnt/my files"], 2, "holds a space or control character, which /etc/fstab cannot hold"),
        ["mount relative"] = new(["--target=MountVolume", Host, "--device=/dev/sdb", "--mount=mnt/files"], 2, "--mount takes absolute paths on the host, like /mnt/files; 'mnt/files' is not one."),
        ["device not under /dev"] = new(["--target=MountVolume", Host, "--device=sdb", "--mount=/mnt/files"], 2, "--device takes a block device path like /dev/sdb; 'sdb' is not one."),
        ["passphrase on the command line"] = new(["--target=Plan", "--ssh-key-passphrase=Hy6-secret-pass"], 2, "--ssh-key-passphrase is a secret and is not taken on the command line"),
        ["host port out of range"] = new(["--target=CheckDiskUsage", "--host=root@127.0.0.1:99999"], 2, "port '99999' is not a number from 1 to 65535"),
        ["host without a name"] = new(["--target=CheckDiskUsage", "--host=root@"], 2, "'' is not a host name or IP address"),
        ["git uid zero"] = new(["--target=SetUpGiteaSsh", Host, "--git-uid=0"], 2, "--git-uid takes a whole number from 1 to 65534."),
        ["disk threshold over 100"] = new(["--target=CheckDiskUsage", Host, "--disk-warn=101"], 2, "--disk-warn takes a whole number from 0 to 100."),
        ["mail network like an option"] = new(["--target=RouteMailTraffic", Host, "--mail-network=-x"], 2, "--mail-network takes names of letters"),
        ["gitea host key relative"] = new(["--target=SetUpGiteaSsh", Host, "--gitea-host-key=ssh/key.pub"], 2, "--gitea-host-key takes absolute paths on the host"),
        ["stack missing"] = new(["--target=Plan", "--stack=nowhere"], 2, "The stack directory 'WORK/nowhere' does not exist"),
        ["env-file missing"] = new(["--target=Plan", "--env-file=missing.env"], 2, "--env-file (command line): the file 'WORK/missing.env' does not exist."),
        ["package name with a semicolon"] = new(["--target=PrepareHost", Host, "--packages=curl;reboot"], 2, "'curl;reboot' is not a Debian package name"),
        ["bind volume without an owner"] = new(["--target=PrepareHost", Host], 2, "STACK/docker-compose.yml:4: the bind volume 'data' has no x-owner", new() { ["docker-compose.yml"] = "services:\n  web: {image: busybox}\nvolumes:\n  data:\n    driver_opts: {type: none, o: bind, device: /mnt/files/data}\n" }, Connects: true, Locks: true),
        [".env unterminated quote"] = new(["--target=Plan"], 2, "STACK/.env:2: the value of B has no closing \"", new() { [".env"] = "COMPOSE_PROJECT_NAME=catalogue\nB=\"open\n" }),
        [".env variable taken from a deploy setting"] = new(["--target=UploadRelease", Host, "--dryrun"], 2, "STACK/.env:3: B takes its value from a DEPLOY_* setting", new() { [".env"] = "COMPOSE_PROJECT_NAME=catalogue\nDEPLOY_TIMEOUT=30\nB=${DEPLOY_TIMEOUT}\n" }),
        ["compose file not YAML"] = new(["--target=Deploy", Host, "--services=web"], 2, "STACK/docker-compose.yml:3: not valid YAML", new() { ["docker-compose.yml"] = "services:\n  web: [\n" }),
        ["template with an undefined variable"] = new(["--target=RenderConfiguration", "--exclusive"], 2, "1 template error(s) above; no file was written.", new() { ["app.conf.template"] = "domain ${DOMIAN}\n" }),
        ["template with command substitution"] = new(["--target=RenderConfiguration", "--exclusive"], 2, "1 template error(s) above; no file was written.", new() { ["app.conf.template"] = "now $(date)\n" }),
        ["link out of the stack"] = new(["--target=UploadRelease", Host, "--dryrun"], 2, "STACK/passwd is a symbolic link to /etc/passwd, outside the stack", new() { ["passwd"] = "-> /etc/passwd" }),
        ["ssh key missing"] = new(["--target=CheckDiskUsage", Host, "--ssh-key=WORK/none"], 1, "SSH private key file WORK/none does not exist: pass an OpenSSH private key with --ssh-key."),
        ["ssh key not a key"] = new(["--target=CheckDiskUsage", Host, "--ssh-key=STACK/.env"], 1, "Cannot read SSH private key STACK/.env: Invalid private key file"),
        ["known_hosts holds another key"] = new(["--target=CheckDiskUsage", Host, "--known-hosts=WORK/known_hosts"], 1, "has CHANGED", new() { ["../known_hosts"] = "OTHER_KEY" }, Connects: true),
    };

    public static TheoryData<string> Names() => [.. Cases.Keys];

    [Fact]
    public void The_catalogue_has_at_least_thirty_cases() => Assert.True(Cases.Count >= 30, $"{Cases.Count} cases");

    [Theory]
    [MemberData(nameof(Names))]
    public void Bad_input_stops_with_one_line_naming_it_and_changes_nothing(string name)
    {
        server.Require();
        var @case = Cases[name];
        var stack = WriteStack(@case.Files ?? []);
        var remote = _work.Combine("remote");
        var before = Listing();
        var logins = server.AcceptedLogins;

        var result = BuildProgram.Run(_work.Path, null, ["--stack=stack", .. Expand(@case.Args, remote)]);

        var expected = @case.Message.Replace("STACK", stack, StringComparison.Ordinal).Replace("WORK", _work.Path, StringComparison.Ordinal);
        Assert.True(result.ExitCode == @case.Exit, result.ToString());
        var error = Assert.Single(result.Output.Split('\n'), line => line.StartsWith("Error:", StringComparison.Ordinal));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(before, Listing().Where(entry => !entry.StartsWith(remote, StringComparison.Ordinal)));
        if (@case.Locks)
        {
            Assert.Equal(
                [DeployLock.FileName, DeployLock.HolderFileName, AuditLog.FileName],
                Directory.GetFileSystemEntries(remote).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.EndsWith(" outcome=failed", Assert.Single(File.ReadAllLines(Path.Combine(remote, AuditLog.FileName))));
        }
        else
        {
            Assert.False(Directory.Exists(remote), "the remote directory was made");
        }
        if (!@case.Connects)
        {
            Assert.Equal(logins, server.AcceptedLogins);
        }
    }

    private string WriteStack(Dictionary<string, string> files)
    {
        _work.Write("stack/.env", "COMPOSE_PROJECT_NAME=catalogue\nDOMAIN=example.org\n");
        _work.Write("stack/docker-compose.yml", "services:\n  web:\n    image: busybox\n    volumes: [data:/data]\nvolumes:\n  data: {}\n");
        _work.Write("stack/app.conf.template", "domain ${DOMAIN}\n");
        foreach (var (path, content) in files)
        {
            var full = _work.Combine("stack", path);
            if (content.StartsWith("-> ", StringComparison.Ordinal))
            {
                File.CreateSymbolicLink(full, content[3..]);
            }
            else
            {
                _work.Write(Path.Combine("stack", path), content == "OTHER_KEY" ? $"{server.Target.KnownHostsName} {StrangerKey()}\n" : content);
            }
        }

        return _work.Combine("stack");
    }

    private string StrangerKey() => string.Join(' ', File.ReadAllText(server.StrangerKey + ".pub").Split(' ')[..2]);

    private IEnumerable<string> Expand(string[] args, string remote) => args.SelectMany(arg => arg == Host
        ? new[]
        {
            $"--host={server.Target}", $"--ssh-key={server.Ed25519Key}", $"--known-hosts={server.KnownHostsFile}",
            $"--remote-dir={remote}", "--timeout=30",
        }.Where(extra => !args.Any(given => given.Split('=')[0] == extra.Split('=')[0]))
        : [arg.Replace("STACK", _work.Combine("stack"), StringComparison.Ordinal).Replace("WORK", _work.Path, StringComparison.Ordinal)]);

    /// <summary>Every path below the work folder with its size and time: a written or touched file shows.</summary>
    private List<string> Listing() =>
        [.. new DirectoryInfo(_work.Path).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(info => $"{info.FullName} {(info as FileInfo)?.Length} {info.LastWriteTimeUtc:O}")
            .Order(StringComparer.Ordinal)];
}
