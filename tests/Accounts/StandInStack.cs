using System.Text;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Accounts;

/// <summary>
/// A compose project with the services the init tasks work in (passbolt, gitea, linkding, cozy,
/// davis), all from one image built FROM scratch with busybox and stand-ins for the applications'
/// command lines: <c>gitea</c>, <c>cozy-stack</c>, passbolt's <c>bin/cake</c>, <c>python manage.py</c>
/// and davis's <c>bin/console</c>. The real applications cannot run here (no registry, no images);
/// each stand-in answers like its application's CLI, keeps what it created in the service's state
/// directory (bind-mounted from <see cref="State"/>), and records every call: its arguments, user
/// and the variables it reads, byte for byte. A call having the argument written in the state
/// directory's <c>pause</c> file touches <c>paused</c> and waits for <c>resume</c>, so a test can look
/// at the machine's processes while it runs.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StandInStack : IDisposable
{
    public static readonly string[] Services = ["passbolt", "gitea", "linkding", "cozy", "davis"];

    private readonly DockerFixture _docker;

    private StandInStack(DockerFixture docker, string name)
    {
        _docker = docker;
        Name = name;
        Directory = System.IO.Directory.CreateTempSubdirectory($"{name}-").FullName;
    }

    public string Name { get; }

    public string Directory { get; }

    private string Image => $"{Name}-standin:latest";

    public static StandInStack Start(DockerFixture docker, string env)
    {
        docker.RequireCompose();
        var stack = new StandInStack(docker, $"pcu-{Guid.NewGuid():N}"[..16]);
        try
        {
            stack.BuildImage();
            stack.Write("docker-compose.yml", stack.ComposeFile());
            stack.Write(".env", $"COMPOSE_PROJECT_NAME={stack.Name}\n{env}");
            foreach (var service in Services)
            {
                var state = System.IO.Directory.CreateDirectory(stack.State(service));
                File.SetUnixFileMode(state.FullName, (UnixFileMode)0b111_111_111);
            }

            stack.Compose(["up", "--detach"]).EnsureSuccess("Starting the stand-in stack");
            return stack;
        }
        catch
        {
            stack.Dispose();
            throw;
        }
    }

    public string State(string service) => Path.Combine(Directory, "state", service);

    public void Write(string relativePath, string content)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>The calls a service's stand-ins received, in order.</summary>
    public IReadOnlyList<StandInCall> Calls(string service)
    {
        var calls = Path.Combine(State(service), "calls");
        if (!System.IO.Directory.Exists(calls))
        {
            return [];
        }

        return [.. System.IO.Directory.GetDirectories(calls).Order(StringComparer.Ordinal).Select(StandInCall.Read)];
    }

    public void Stop(string service) =>
        Compose(["stop", service]).EnsureSuccess($"Stopping {service}");

    public void Dispose()
    {
        Compose(["down", "--volumes", "--remove-orphans", "--timeout", "0"]);
        Docker(["image", "rm", "--force", Image]);
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private CommandResult Compose(IReadOnlyList<string> arguments) =>
        _docker.Runner.Run(_docker.Compose.Request(DockerEngineTarget.Local, ["--project-name", Name, .. arguments]) with
        {
            Quiet = true,
            WorkingDirectory = Directory,
        });

    private CommandResult Docker(IReadOnlyList<string> arguments) =>
        _docker.Runner.Run(new CommandRequest("docker", arguments) { Quiet = true, WorkingDirectory = Directory });

    private void BuildImage()
    {
        var context = Path.Combine(Directory, "standin");
        foreach (var (path, content) in StandInFiles())
        {
            Write(Path.Combine("standin", path), content);
        }

        Write(
            "standin/Dockerfile",
            $"""
            FROM {DockerFixture.BaseImage}
            COPY . /
            RUN chmod 755 /usr/local/bin/* /usr/share/php/passbolt/bin/cake /app/bin/console /app/manage.py
            WORKDIR /app
            """);
        Docker(["build", "--pull=false", "--tag", Image, context]).EnsureSuccess("Building the stand-in image");
    }

    private string ComposeFile()
    {
        var text = new StringBuilder("services:\n");
        foreach (var service in Services)
        {
            text.Append($"""
                  {service}:
                    image: {Image}
                    command: ["sleep", "3600"]
                    stop_signal: SIGKILL
                    environment:
                      PATH: /usr/local/bin:/bin
                    volumes:
                      - ./state/{service}:/state

                """);
        }

        return text.ToString();
    }

    /// <summary>The stand-in image's files: users, the recorder every stand-in sources, and the stand-ins.</summary>
    private static IEnumerable<(string Path, string Content)> StandInFiles()
    {
        yield return ("etc/passwd", "root:x:0:0:root:/root:/bin/sh\nwww-data:x:33:33:www-data:/var/www:/bin/sh\ngit:x:1000:1000:git:/data/git:/bin/sh\n");
        yield return ("etc/group", "root:x:0:\nwww-data:x:33:\ngit:x:1000:\n");
        yield return ("usr/local/lib/record.sh",
            """
            # Records this call: each argument, then the uid, and the named variables, NUL-terminated
            # so that newlines in values survive. A call with the argument named in the state
            # directory's 'pause' file touches 'paused' and waits for 'resume'.
            record() {
              mkdir -p /state/calls
              n=$(ls /state/calls | wc -l)
              call=/state/calls/$(printf %04d "$n")
              mkdir "$call"
              printf '%s\0' "$PROGRAM" "$@" > "$call/argv"
              id -u > "$call/uid"
              for name in $VARIABLES; do
                if eval "[ -n \"\${$name+set}\" ]"; then eval "printf %s \"\$$name\"" > "$call/env.$name"; fi
              done
              if [ -e /state/pause ] && printf '%s\n' "$@" | grep -qxF "$(cat /state/pause)"; then
                touch /state/paused
                while [ ! -e /state/resume ]; do sleep 0.1; done
              fi
            }
            """);
        yield return ("usr/local/bin/gitea",
            """
            #!/bin/sh
            PROGRAM=gitea VARIABLES=GITEA_ADMIN_PASSWORD . /usr/local/lib/record.sh
            record "$@"
            if [ "$(id -u)" = 0 ]; then echo "Gitea is not supposed to be run as root." >&2; exit 1; fi
            case "$1 $2 $3" in
              "admin user list")
                echo "ID   Username   Email                IsActive IsAdmin 2FA"
                cat /state/users 2>/dev/null || true ;;
              "admin user create")
                shift 3
                while [ $# -gt 0 ]; do
                  case "$1" in --username) user=$2; shift ;; --email) email=$2; shift ;; --password) password=$2; shift ;; esac
                  shift
                done
                [ -n "$password" ] || { echo "password is required" >&2; exit 1; }
                echo "1    $user      $email    true     true    false" >> /state/users
                echo "New user '$user' has been successfully created!" ;;
              *) echo "gitea stand-in: unknown command $*" >&2; exit 1 ;;
            esac
            """);
        yield return ("usr/share/php/passbolt/bin/cake",
            """
            #!/bin/sh
            PROGRAM=cake VARIABLES= . /usr/local/lib/record.sh
            record "$@"
            if [ "$(id -u)" != 33 ]; then echo "Passbolt commands must be run as www-data." >&2; exit 1; fi
            # With 'passbolt-4' in the state directory it answers as Passbolt 4, which has no users_index.
            if [ -e /state/passbolt-4 ] && [ "$2" = users_index ]; then
              echo "Error: Unknown command \`cake passbolt users_index\`. Run \`cake --help\` to get the list of commands." >&2; exit 1
            fi
            case "$1 $2" in
              "passbolt users_index")
                if [ -s /state/users ]; then cat /state/users; else echo "This organization has no registered users."; fi ;;
              "passbolt register_user")
                shift 2
                while [ $# -gt 0 ]; do
                  case "$1" in -u) email=$2; shift ;; -f) first=$2; shift ;; -l) last=$2; shift ;; -r) role=$2; shift ;; esac
                  shift
                done
                if grep -qF "| $email |" /state/users 2>/dev/null; then
                  echo "Validation failed for the following user data:"
                  echo "- Username: The username is already in use."
                  echo "User registration failed." >&2; exit 1
                fi
                echo "| $role | $email | $last | $first | 2026-01-01 | no | no | no | no |" >> /state/users
                echo "User saved successfully."
                echo "To start registration follow the link provided in your mailbox or here:"
                echo "https://passwords.example.test/setup/start/3f2b6c1e-0000-4000-8000-000000000001/7d1e4a52-0000-4000-8000-000000000002" ;;
              *) echo "cake stand-in: unknown command $*" >&2; exit 1 ;;
            esac
            """);
        yield return ("usr/local/bin/python",
            """
            #!/bin/sh
            exec sh "$@"
            """);
        yield return ("app/manage.py",
            """
            PROGRAM=manage.py VARIABLES="LINKDING_USER DJANGO_SUPERUSER_PASSWORD" . /usr/local/lib/record.sh
            record "$@"
            # Django itself would run as root, but the SQLite files it made would lock out the server (www-data).
            if [ "$(id -u)" != 33 ]; then echo "linkding's manage.py must run as www-data, the server's user." >&2; exit 1; fi
            case "$1" in
              shell)
                if grep -qxF -- "$LINKDING_USER" /state/users 2>/dev/null; then echo present; else echo absent; fi ;;
              createsuperuser)
                shift
                while [ $# -gt 0 ]; do
                  case "$1" in --username) user=$2; shift ;; esac
                  shift
                done
                [ -n "$DJANGO_SUPERUSER_PASSWORD" ] || { echo "CommandError: You must use --password or DJANGO_SUPERUSER_PASSWORD" >&2; exit 1; }
                echo "$user" >> /state/users
                echo "Superuser created successfully." ;;
              *) echo "manage.py stand-in: unknown command $*" >&2; exit 1 ;;
            esac
            """);
        yield return ("usr/local/bin/cozy-stack",
            """
            #!/bin/sh
            PROGRAM=cozy-stack VARIABLES="COZY_ADMIN_PASSWORD CLOUD_MASTER_PASSWORD" . /usr/local/lib/record.sh
            record "$@"
            [ -n "$COZY_ADMIN_PASSWORD" ] || { echo "Error: the admin passphrase is required (COZY_ADMIN_PASSWORD)" >&2; exit 1; }
            case "$1 $2" in
              "instances ls")
                cat /state/instances 2>/dev/null || true ;;
              "instances add")
                shift 2
                while [ $# -gt 1 ]; do
                  case "$1" in --apps) apps=$2; shift ;; esac
                  shift
                done
                echo "$1  30GB  en" >> /state/instances
                echo "$apps" | tr ',' '\n' > "/state/apps.$1"
                echo "Instance created with success for domain $1" ;;
              "apps ls")
                cat "/state/apps.$4" 2>/dev/null || true ;;
              "apps install")
                echo "$5" >> "/state/apps.$4"
                echo "Application installed successfully on $4" ;;
              *) echo "cozy-stack stand-in: unknown command $*" >&2; exit 1 ;;
            esac
            """);
        yield return ("app/bin/console",
            """
            #!/bin/sh
            PROGRAM=console VARIABLES= . /usr/local/lib/record.sh
            record "$@"
            case "$2" in
              doctrine:migrations:up-to-date)
                if [ -e /state/migrated ]; then echo "[OK] Up-to-date! No migrations to execute."; else echo "[ERROR] Out-of-date! 3 migrations are available to execute."; exit 1; fi ;;
              doctrine:migrations:migrate)
                touch /state/migrated
                echo "[OK] Successfully migrated to version: DoctrineMigrations\Version3" ;;
              *) echo "console stand-in: unknown command $*" >&2; exit 1 ;;
            esac
            """);
    }
}

/// <summary>One recorded call of a stand-in: its arguments (program name first), uid and the variables it read.</summary>
public sealed record StandInCall(IReadOnlyList<string> Arguments, string Uid, IReadOnlyDictionary<string, string> Environment)
{
    public static StandInCall Read(string directory) => new(
        File.ReadAllText(Path.Combine(directory, "argv")).TrimEnd('\0').Split('\0'),
        File.ReadAllText(Path.Combine(directory, "uid")).Trim(),
        System.IO.Directory.GetFiles(directory, "env.*").ToDictionary(file => Path.GetFileName(file)["env.".Length..], File.ReadAllText));

    public override string ToString() => string.Join(' ', Arguments) + $" (uid {Uid})";
}
