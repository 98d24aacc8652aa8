using PrivateCloud.Tasks.Plumbing.Remote;
using System.Runtime.Versioning;
using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Configuration.Credentials;
using PrivateCloud.Tasks.Plumbing.DotEnv;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Configuration;

[TaskName(nameof(StatusPassword))]
[TaskCategory(TaskCategories.Deploy)]
[TaskDescription("Writes STATUS_CREDENTIALS, the Traefik dashboard's login (--status-user, DEPLOY_STATUS_PASSWORD or asked), into .env as a bcrypt htpasswd line; kept while the password matches.")]
[UnsupportedOSPlatform("windows")]
[ThisMachineOnly]
public sealed class StatusPassword : FrostingTask<BuildContext>
{
    public const string Variable = "STATUS_CREDENTIALS";

    public override void Run(BuildContext context)
    {
        var settings = context.Settings;
        if (settings.EnvFileIsFallback || !File.Exists(settings.EnvFile))
        {
            var envFile = settings.EnvFileIsFallback ? Path.Combine(settings.StackDirectory, ".env") : settings.EnvFile;
            throw new BuildInputException(
                $"{envFile} does not exist: write it first with ./build.sh --target={nameof(NewEnv)}, which also sets {Variable}.");
        }

        var user = settings.Configuration.StatusUser;
        var password = settings.Configuration.StatusPassword
            ?? TerminalPrompt.ReadSecret(
                $"Password of the status dashboard for {user}: ",
                $"set {ConfigurationSettings.StatusPasswordSetting.EnvironmentVariable} in the environment");
        context.Redactor.Add(password);

        var current = DotEnvFile.Load(settings.EnvFile, _ => null).Find(Variable) is { } entry
            ? HtpasswdCredential.Parse(entry.Value)
            : null;
        if (current is not null && current.Admits(user, password))
        {
            context.Log.Information("{0} in {1} already admits {2} with this password: kept.", Variable, settings.EnvFile, user);
            return;
        }

        var change = current is null ? "add" : "replace";
        if (context.DryRun)
        {
            context.Log.Information("Would {0} {1} in {2} for {3} (bcrypt, cost {4}).", change, Variable, settings.EnvFile, user, HtpasswdCredential.WorkFactor);
            return;
        }

        DotEnvAssignment.Set(settings.EnvFile, Variable, HtpasswdCredential.Create(user, password).ToString());
        context.Log.Information(
            "{0} {1} in {2} for {3} (bcrypt, cost {4}); deploy to apply it.",
            current is null ? "Added" : "Replaced", Variable, settings.EnvFile, user, HtpasswdCredential.WorkFactor);
    }
}
