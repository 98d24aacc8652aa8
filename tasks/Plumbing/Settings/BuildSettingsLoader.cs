using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Backup;
using PrivateCloud.Tasks.Checks;
using PrivateCloud.Tasks.Plumbing.DotEnv;
using PrivateCloud.Tasks.Configuration;
using PrivateCloud.Tasks.Deployment;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Git;
using PrivateCloud.Tasks.Host;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Secrets;
using PrivateCloud.Tasks.Mail;
using PrivateCloud.Tasks.Testing;
using PrivateCloud.Tasks.Accounts;

namespace PrivateCloud.Tasks.Plumbing.Settings;

/// <summary>Reads the command line, the environment and the stack's .env into <see cref="BuildSettings"/>.</summary>
public sealed class BuildSettingsLoader(ICakeLog log, SecretRedactor redactor)
{
    public const string FallbackEnvFileName = ".env.dist";

    private static readonly Setting DryRunSetting = new(CommandLine.DryRun, "Touch nothing; show what would happen.")
    {
        Bootstrap = true,
    };

    /// <param name="environmentNames">Every variable name of the environment, to warn about misspelt DEPLOY_* settings.</param>
    public BuildSettings Load(
        ILookup<string, string> arguments, Func<string, string?> environment, string workingDirectory, IEnumerable<string>? environmentNames = null)
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
        WarnAboutUnknownDeployNames((environmentNames ?? []).Select(name => (name, "environment"))
            .Concat(variables.WithOrigins.Select(v => (v.Key, v.Value.Origin))));
        RegisterSecrets(variables, sources);
        var dryRun = sources.GetFlag(DryRunSetting);
        var compose = ComposeSettings.Read(sources, stack, variables);
        var deploy = DeploySettings.Read(sources);
        CheckNames(deploy, compose, stack);

        return new BuildSettings
        {
            StackDirectory = stack,
            EnvFile = envFile,
            EnvFileIsFallback = isFallback,
            Variables = variables,
            DryRun = dryRun,
            Ssh = RemoteSettings.Read(sources, dryRun),
            Configuration = ConfigurationSettings.Read(sources),
            Compose = compose,
            Deploy = deploy,
            Git = GitSettings.Read(sources),
            Host = HostSettings.Read(sources, compose.ProjectName, variables),
            Test = TestSettings.Read(sources),
            Users = UsersSettings.Read(sources),
            Mail = MailSettings.Read(sources, stack),
            Backup = BackupSettings.Read(sources, variables),
            Checks = CheckSettings.Read(sources, workingDirectory),
            Format = OutputFormats.Read(sources),
            Readiness = DeployReadiness.Decide(
                SettingCatalog.All.Where(s => s.RequiredForDeploy && string.IsNullOrEmpty(sources.Get(s))),
                variables,
                File.Exists(Path.Combine(stack, FallbackEnvFileName)) ? DotEnvFile.Load(Path.Combine(stack, FallbackEnvFileName), _ => null) : null,
                isFallback),
        };
    }

    /// <summary>Names that reach compose must be the compose files' own, checked before anything runs.</summary>
    private static void CheckNames(DeploySettings deploy, ComposeSettings compose, string stack)
    {
        if (compose.ComposeFiles.Any(file => !File.Exists(Path.Combine(stack, file))))
        {
            return;
        }

        ComposeNames.RequireDefined(deploy.ServiceSubset, "services", DeploySettings.Services.Option, stack, compose.ComposeFiles);
        ComposeNames.RequireDefined(deploy.ServiceName is { } service ? [service] : [], "services", DeploySettings.Service.Option, stack, compose.ComposeFiles);
        ComposeNames.RequireDefined(deploy.VolumeToReset is { } volume ? [volume] : [], "volumes", DeploySettings.ResetVolume.Option, stack, compose.ComposeFiles);
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
                "No {0} yet: reading {1} instead. ./build.sh --target=NewEnv writes it with fresh secrets; then fill in the domains and addresses.",
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

    /// <summary>A misspelt setting would otherwise be ignored without a word, and the run would use its default.</summary>
    private void WarnAboutUnknownDeployNames(IEnumerable<(string Name, string Origin)> variables)
    {
        var known = SettingCatalog.All.Append(DryRunSetting).Select(s => s.EnvironmentVariable).ToList();
        foreach (var (name, origin) in variables.Where(v => v.Name.StartsWith("DEPLOY_", StringComparison.Ordinal) && !known.Contains(v.Name)).DistinctBy(v => v.Name))
        {
            var closest = NameSuggestions.Closest(name, known, count: 1);
            log.Warning(
                "{0} ({1}) is not a setting of this tool and is ignored{2}; run with --help to list the settings.",
                name,
                origin,
                closest.Count > 0 ? $" (did you mean {closest[0]}?)" : string.Empty);
        }
    }

    private void RegisterSecrets(StackVariables variables, SettingSources sources)
    {
        foreach (var (name, (value, origin)) in variables.WithOrigins)
        {
            // The catalog's own secret settings are registered below, from wherever they were given.
            var setting = SettingCatalog.All.FirstOrDefault(s => s.EnvironmentVariable == name);
            if (setting is null && SettingCatalog.IsSecretVariable(name))
            {
                Register(name, value, origin);
            }
        }

        foreach (var setting in SettingCatalog.All.Where(s => s.Secret))
        {
            if (sources.Find(setting) is { } found)
            {
                Register(setting.EnvironmentVariable, found.Value, found.Origin);
            }
        }
    }

    private void Register(string name, string value, string origin)
    {
        if (value.Length == 0)
        {
            return;
        }

        if (SecretRedactor.Unmaskable(value) is { } reason)
        {
            log.Warning(
                "{0} ({1}) is named like a secret but its value is {2}, so it is not masked in the output; " +
                "if it is a secret, give it a long random value.",
                name,
                origin,
                reason);
            return;
        }

        redactor.Add(value);
    }
}
