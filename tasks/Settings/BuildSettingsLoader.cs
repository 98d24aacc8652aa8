using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Backup;
using PrivateCloud.Tasks.Checks;
using PrivateCloud.Tasks.Configuration.DotEnv;
using PrivateCloud.Tasks.Configuration;
using PrivateCloud.Tasks.Deployment;
using PrivateCloud.Tasks.Docker;
using PrivateCloud.Tasks.Git;
using PrivateCloud.Tasks.Host;
using PrivateCloud.Tasks.Remote;
using PrivateCloud.Tasks.Secrets;
using PrivateCloud.Tasks.Mail;
using PrivateCloud.Tasks.Testing;
using PrivateCloud.Tasks.Users;

namespace PrivateCloud.Tasks.Settings;

/// <summary>Reads the command line, the environment and the stack's .env into <see cref="BuildSettings"/>.</summary>
public sealed class BuildSettingsLoader(ICakeLog log, SecretRedactor redactor)
{
    public const string FallbackEnvFileName = ".env.dist";

    private static readonly Setting DryRunSetting = new(CommandLine.DryRun, "Touch nothing; show what would happen.")
    {
        Bootstrap = true,
    };

    public BuildSettings Load(ILookup<string, string> arguments, Func<string, string?> environment, string workingDirectory)
    {
        CheckArgumentNames(arguments);
        var sources = new SettingSources(arguments, environment);

        var stack = Path.GetFullPath(SettingPaths.Expand(sources.Get(CoreSettings.Stack)!), workingDirectory);
        if (!Directory.Exists(stack))
        {
            throw new BuildInputException(
                $"The stack directory '{stack}' does not exist: give the directory holding docker-compose.yml with {CoreSettings.Stack.Option}.");
        }

        var (envFile, isFallback) = LocateEnvFile(sources.Find(CoreSettings.EnvFile), stack, workingDirectory);
        var variables = LoadVariables(envFile, environment);
        sources = sources.WithDotEnv(variables.WithOrigins);
        RegisterSecrets(variables, sources);
        var dryRun = sources.GetFlag(DryRunSetting);
        var compose = ComposeSettings.Read(sources, stack, variables);

        return new BuildSettings
        {
            StackDirectory = stack,
            EnvFile = envFile,
            EnvFileIsFallback = isFallback,
            Variables = variables,
            DryRun = dryRun,
            Ssh = RemoteSettings.Read(sources, dryRun),
            Configuration = ConfigurationSettings.Read(sources, stack),
            Compose = compose,
            Deploy = DeploySettings.Read(sources),
            Git = GitSettings.Read(sources),
            Host = HostSettings.Read(sources, compose.ProjectName),
            Test = TestSettings.Read(sources),
            Users = UsersSettings.Read(sources),
            Mail = MailSettings.Read(sources),
            Backup = BackupSettings.Read(sources),
            Checks = CheckSettings.Read(sources, workingDirectory),
            Format = OutputFormats.Read(sources),
            MissingForDeploy = FindMissingForDeploy(sources, variables, stack),
        };
    }

    private static void CheckArgumentNames(ILookup<string, string> arguments)
    {
        foreach (var name in arguments.Select(group => group.Key))
        {
            if (CommandLine.HostOptionNames.Contains(name) || SettingCatalog.Find(name) is not null)
            {
                continue;
            }

            var known = SettingCatalog.All.Select(s => s.Name).Concat(CommandLine.HostOptionNames);
            var closest = NameSuggestions.Closest(name, known);
            var hint = closest.Count > 0 ? $"Did you mean --{string.Join(", --", closest)}? " : string.Empty;
            throw new BuildInputException($"Unknown setting --{name}. {hint}Run with --help to list the settings.");
        }
    }

    private (string Path, bool IsFallback) LocateEnvFile((string Value, string Origin)? given, string stack, string workingDirectory)
    {
        if (given is { } explicitFile)
        {
            var path = Path.GetFullPath(SettingPaths.Expand(explicitFile.Value), workingDirectory);
            return File.Exists(path)
                ? (path, false)
                : throw new BuildInputException($"{explicitFile.Origin}: the file '{path}' does not exist.");
        }

        var envFile = Path.Combine(stack, ".env");
        if (File.Exists(envFile))
        {
            return (envFile, false);
        }

        var fallback = Path.Combine(stack, FallbackEnvFileName);
        if (File.Exists(fallback))
        {
            log.Warning(
                "No {0} yet: reading {1} instead. Copy it to .env and fill in the values before deploying.",
                envFile,
                FallbackEnvFileName);
            return (fallback, true);
        }

        throw new BuildInputException(
            $"Neither {envFile} nor {fallback} exists: create the stack's .env or point {CoreSettings.EnvFile.Option} at it.");
    }

    private static StackVariables LoadVariables(string envFile, Func<string, string?> environment)
    {
        var file = DotEnvFile.Load(envFile, environment);
        var values = new Dictionary<string, (string Value, string Origin)>(StringComparer.Ordinal);
        foreach (var entry in file.Entries)
        {
            var fromEnvironment = environment(entry.Key);
            values[entry.Key] = fromEnvironment is not null
                ? (fromEnvironment, $"{entry.Key} (environment)")
                : (entry.Value, $"{envFile}:{entry.Line}");
        }

        return new StackVariables(values);
    }

    private void RegisterSecrets(StackVariables variables, SettingSources sources)
    {
        foreach (var (name, value) in variables.Values)
        {
            if (SecretRedactor.IsSecretName(name))
            {
                redactor.Add(value);
            }
        }

        foreach (var setting in SettingCatalog.All.Where(s => s.Secret))
        {
            redactor.Add(sources.Get(setting));
        }
    }

    private static List<string> FindMissingForDeploy(SettingSources sources, StackVariables variables, string stack)
    {
        var missing = SettingCatalog.All
            .Where(s => s.RequiredForDeploy && string.IsNullOrEmpty(sources.Get(s)))
            .Select(s => $"{s.Option} (or {s.EnvironmentVariable}): {s.Description}")
            .ToList();

        var template = Path.Combine(stack, FallbackEnvFileName);
        if (File.Exists(template))
        {
            missing.AddRange(DotEnvFile.Load(template, _ => null).Entries
                .Where(entry => !variables.IsSet(entry.Key) && SettingCatalog.All.All(s => s.EnvironmentVariable != entry.Key))
                .Select(entry => $"{entry.Key} ({template}:{entry.Line}): no value yet"));
        }

        return missing;
    }
}
