using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tasks.Accounts.Setup;

namespace PrivateCloud.Tasks.Accounts.Applications;

/// <summary>
/// The first-use steps of the stack's applications, each found by its compose service. Secrets go
/// in the exec's environment. Gitea's and Cozy's command lines take the password only as an
/// argument, so for those two a fixed <c>sh -c</c> script inside the container expands the variable
/// into the argument: the value is never re-parsed, but it is in that one program's arguments for the
/// second it runs.
/// </summary>
public static class ApplicationSetups
{
    public const string PassboltService = "passbolt";
    public const string GiteaService = "gitea";
    public const string LinkdingService = "linkding";
    public const string CozyService = "cozy";
    public const string DavisService = "davis";

    /// <summary>Passbolt's Debian package, which the 4.x images install, keeps the application here (the image's WORKDIR).</summary>
    public const string PassboltCake = "/usr/share/php/passbolt/bin/cake";

    /// <summary>linkding's server runs as www-data (uwsgi.ini), which owns its SQLite database: so do its init commands.</summary>
    public const string LinkdingRunsAs = "www-data";
    private const string GiteaReservedName = "admin";

    /// <summary>
    /// Passbolt's first admin: <c>register_user</c> prints the link that finishes the registration.
    /// Passbolt lists its users (<c>users_index</c>) only from 5.7 on; before, the registration is
    /// tried and its "already in use" refusal means the admin exists.
    /// </summary>
    public static ContainerSetup PassboltAdmin(RequiredVariables variables)
    {
        var email = variables["EMAIL"];
        var user = variables["PASSBOLT_USER"];
        return new ContainerSetup(
            $"Passbolt admin {email}",
            new ServiceExec(PassboltService, [PassboltCake, "passbolt", "users_index"]) { User = "www-data" },
            result => result.Succeeded ? PassboltListsUser(result.StandardOutput, email)
                : UnknownCommand(result) ? false
                : null,
            new ServiceExec(PassboltService, [PassboltCake, "passbolt", "register_user", "-u", email, "-f", user, "-l", user, "-r", "admin"])
            {
                User = "www-data",
                Changes = true,
            })
        {
            ShownOnce = new OneTimeOutput(
                "its registration link",
                $"run ./build.sh --target={nameof(InitPassboltAdmin)} from a terminal, without CI=true and --format=json"),
            ExistedAlready = result => result.StandardOutput.Contains("already in use", StringComparison.OrdinalIgnoreCase),
        };
    }

    /// <summary>Gitea's admin account; the name 'admin' is refused before Gitea is asked, as Gitea reserves it.</summary>
    public static ContainerSetup GiteaAdmin(RequiredVariables variables)
    {
        var user = variables["GITEA_ADMIN_USER"];
        if (string.Equals(user, GiteaReservedName, StringComparison.OrdinalIgnoreCase))
        {
            throw new BuildInputException(
                $"GITEA_ADMIN_USER ({variables.Origin("GITEA_ADMIN_USER")}) is '{user}', a name Gitea reserves: choose another admin user name.");
        }

        return new ContainerSetup(
            $"Gitea admin {user}",
            new ServiceExec(GiteaService, ["gitea", "admin", "user", "list"]) { User = "git" },
            result => result.Succeeded ? TableHasWord(result.StandardOutput, column: 1, user) : null,
            new ServiceExec(GiteaService, [
                "sh", "-c",
                "exec gitea admin user create --admin --username \"$1\" --email \"$2\" --password \"$GITEA_ADMIN_PASSWORD\"",
                "sh", user, variables["EMAIL"],
            ])
            {
                User = "git",
                Environment = new Dictionary<string, string> { ["GITEA_ADMIN_PASSWORD"] = variables["GITEA_ADMIN_PASSWORD"] },
                Changes = true,
            });
    }

    /// <summary>linkding's single user, made by Django's <c>createsuperuser</c>, which reads the password from its environment.</summary>
    public static ContainerSetup LinkdingUser(RequiredVariables variables)
    {
        var user = variables["LINKDING_USER"];
        const string exists =
            "import os; from django.contrib.auth import get_user_model; "
            + "print('present' if get_user_model().objects.filter(username=os.environ['LINKDING_USER']).exists() else 'absent')";
        return new ContainerSetup(
            $"linkding user {user}",
            new ServiceExec(LinkdingService, ["python", "manage.py", "shell", "-c", exists])
            {
                User = LinkdingRunsAs,
                Environment = new Dictionary<string, string> { ["LINKDING_USER"] = user },
            },
            result => !result.Succeeded ? null : LastLine(result.StandardOutput) switch
            {
                "present" => true,
                "absent" => false,
                _ => null,
            },
            new ServiceExec(LinkdingService, ["python", "manage.py", "createsuperuser", "--noinput", "--username", user, "--email", variables["EMAIL"]])
            {
                User = LinkdingRunsAs,
                Environment = new Dictionary<string, string> { ["DJANGO_SUPERUSER_PASSWORD"] = variables["LINKDING_PASSWORD"] },
                Changes = true,
            });
    }

    /// <summary>The Cozy instance of CLOUD_DOMAIN with its first apps and disk quota.</summary>
    public static ContainerSetup CozyInstance(RequiredVariables variables, IReadOnlyList<string> apps, string quota)
    {
        var domain = variables["CLOUD_DOMAIN"];
        var admin = CozyAdmin(variables);
        return new ContainerSetup(
            $"Cozy instance {domain}",
            new ServiceExec(CozyService, ["cozy-stack", "instances", "ls"]) { Environment = admin },
            result => result.Succeeded ? TableHasWord(result.StandardOutput, column: 0, domain) : null,
            new ServiceExec(CozyService, [
                "sh", "-c",
                "exec cozy-stack instances add --apps \"$1\" --email \"$2\" --disk-quota \"$3\" --passphrase \"$CLOUD_MASTER_PASSWORD\" \"$4\"",
                "sh", string.Join(',', apps), variables["EMAIL"], quota, domain,
            ])
            {
                Environment = new Dictionary<string, string>(admin) { ["CLOUD_MASTER_PASSWORD"] = variables["CLOUD_MASTER_PASSWORD"] },
                Changes = true,
            });
    }

    /// <summary>One more app of the Cozy instance, from the stable channel of Cozy's registry.</summary>
    public static ContainerSetup CozyApp(RequiredVariables variables, string slug)
    {
        var domain = variables["CLOUD_DOMAIN"];
        var admin = CozyAdmin(variables);
        return new ContainerSetup(
            $"Cozy app {slug} on {domain}",
            new ServiceExec(CozyService, ["cozy-stack", "apps", "ls", "--domain", domain]) { Environment = admin },
            result => result.Succeeded ? TableHasWord(result.StandardOutput, column: 0, slug) : null,
            new ServiceExec(CozyService, ["cozy-stack", "apps", "install", "--domain", domain, slug, $"registry://{slug}/stable"])
            {
                Environment = admin,
                Changes = true,
            });
    }

    /// <summary>Davis's tables, made by its Doctrine migrations; up to date means nothing to do.</summary>
    public static ContainerSetup DavisTables() => new(
        "Davis tables",
        new ServiceExec(DavisService, ["bin/console", "--env=prod", "doctrine:migrations:up-to-date"]),
        result => result.ExitCode switch
        {
            0 => true,
            1 when result.StandardOutput.Contains("Out-of-date", StringComparison.OrdinalIgnoreCase) => false,
            _ => null,
        },
        new ServiceExec(DavisService, ["bin/console", "--env=prod", "doctrine:migrations:migrate", "--no-interaction"]) { Changes = true });

    private static Dictionary<string, string> CozyAdmin(RequiredVariables variables) =>
        new() { ["COZY_ADMIN_PASSWORD"] = variables["COZY_ADMIN_PASSPHRASE"] };

    /// <summary>Whether a row of a whitespace-aligned listing has the word in the given column (0-based), ignoring case.</summary>
    private static bool TableHasWord(string output, int column, string word) =>
        output.Split('\n').Any(line =>
            line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) is var cells
            && cells.Length > column
            && string.Equals(cells[column], word, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether Passbolt's <c>users_index</c> table (<c>| role | username | ...</c>) lists the email.</summary>
    private static bool PassboltListsUser(string output, string email) =>
        output.Split('\n').Any(line =>
            line.Split('|', StringSplitOptions.TrimEntries) is var cells
            && cells.Length > 2
            && string.Equals(cells[2], email, StringComparison.OrdinalIgnoreCase));

    /// <summary>CakePHP's answer to a command it does not have.</summary>
    private static bool UnknownCommand(CommandResult result) =>
        (result.StandardError + result.StandardOutput).Contains("Unknown command", StringComparison.OrdinalIgnoreCase);

    private static string LastLine(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? string.Empty;
}
