using Cake.Core;
using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Deployment.Stacks;
using PrivateCloud.Tasks.Docker;
using PrivateCloud.Tasks.Processes;
using PrivateCloud.Tasks.Remote;
using PrivateCloud.Tasks.Settings;

namespace PrivateCloud.Tasks;

/// <summary>Reads the settings once, before the first task.</summary>
public sealed class BuildLifetime : FrostingLifetime<BuildContext>
{
    public override void Setup(BuildContext context, ISetupContext info)
    {
        var arguments = context.Arguments.GetArguments()
            .SelectMany(argument => argument.Value.Select(value => (argument.Key, value)))
            .ToLookup(pair => pair.Key, pair => pair.value, StringComparer.OrdinalIgnoreCase);

        context.Settings = new BuildSettingsLoader(context.Log, context.Redactor).Load(
            arguments,
            context.Environment.GetEnvironmentVariable,
            context.Environment.WorkingDirectory.FullPath);

        if (context.Settings.Ssh is { } ssh)
        {
            context.SshSession = new SshSession(ssh);
            context.Remote = new RemoteShell(context.SshSession, context.Redactor, line => context.Log.Information(line));
        }

        context.Commands = new CommandRunner(context.ProcessRunner, context.Redactor, context.Log);
        context.LocalCompose = new Lazy<ComposeTool>(() => ComposeTool.Detect(context.Commands));
        context.StackConnection = new Lazy<IComposeStack>(() => ComposeStackFactory.Create(context));
        context.Services = new TaskServices(context);

        if (context.DryRun)
        {
            context.Log.Information("Dry run: the host and the stack are read as they are; nothing is written, started or changed, and each task shows what it would change.");
        }
    }

    public override void Teardown(BuildContext context, ITeardownContext info) => context.SshSession?.Dispose();
}
