using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Deployment.Releases;
using PrivateCloud.Tasks.Deployment.Stacks;
using PrivateCloud.Tasks.Settings;

namespace PrivateCloud.Tasks.Deployment;

[TaskName(nameof(UploadRelease))]
[TaskDescription("Sends the stack to a new release directory on the host, hard-linking the files that did not change; sends nothing when nothing changed.")]
public sealed class UploadRelease : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        if (context.Stack is not RemoteComposeStack remote)
        {
            context.Log.Information("Compose runs against the {0} from {1}: nothing to upload.", context.Stack.Location, context.Settings.StackDirectory);
            return;
        }

        var settings = context.Settings;
        var stackEnvFile = Path.Combine(settings.StackDirectory, ReleaseManifest.EnvFileName);
        if (settings.EnvFileIsFallback || settings.EnvFile != stackEnvFile)
        {
            throw new BuildInputException(
                $"A release carries the stack's own {stackEnvFile}, which does not exist or is not the {CoreSettings.EnvFile.Option} in use: create it from {BuildSettingsLoader.FallbackEnvFileName}.");
        }

        var manifest = ReleaseManifest.Scan(settings.StackDirectory, DateTimeOffset.UtcNow);
        var result = remote.Releases.Upload(settings.StackDirectory, manifest);
        context.Upload = result;
        if (!result.Unchanged)
        {
            remote.BuildDirectory = remote.Releases.ReleasePath(result.ReleaseId);
        }
    }
}
