using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Logging;
using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Deployment;

[TaskName(nameof(UploadRelease))]
[TaskCategory(TaskCategories.Deploy)]
[TaskDescription("Sends the stack to a new release directory on the host, hard-linking the files that did not change; sends nothing when nothing changed.")]
[ReadsSettings(typeof(StackSettings), nameof(StackSettings.Location))]
[ChangesHost]
public sealed class UploadRelease : FrostingTask<BuildContext>
{
    public override string? SkipReason(BuildContext context) =>
        context.Stack.Releases is null
            ? $"compose runs against the {context.Stack.Location} from {context.Settings.StackDirectory}: nothing to upload."
            : null;

    public override void Run(BuildContext context)
    {
        var settings = context.Settings;
        var stackEnvFile = Path.Combine(settings.StackDirectory, ReleaseManifest.EnvFileName);
        if (settings.EnvFileIsFallback || settings.EnvFile != stackEnvFile)
        {
            throw new BuildInputException(
                $"A release carries the stack's own {stackEnvFile}, which does not exist or is not the {CoreSettings.EnvFile.Option} in use: create it from {BuildSettingsLoader.FallbackEnvFileName}.");
        }

        // The stack is read before the host (unless the lock read it): a file that cannot be released fails without a connection.
        var scanned = ReleaseManifest.Scan(settings.StackDirectory, DateTimeOffset.UtcNow);
        var manifest = scanned.WithBuildContexts(BuildContexts.Of(settings.Compose.Project(settings.StackDirectory, settings.EnvFile).Files, settings.StackDirectory, scanned));
        ComposeStackFactory.RefuseUnpullableImages(context.Stack, context.Settings);
        var releases = context.Stack.Releases!;
        // A Deploy's lock read the host as it took hold; a dry run or UploadRelease alone reads it here.
        var session = context.DeploySession;
        var host = session.Run.Host ?? context.Services.HostState.Read();
        var result = releases.Upload(settings.StackDirectory, manifest, host.Manifest);
        session.Run = session.Run with { Upload = result, Host = host };
        if (result.Unchanged)
        {
            return;
        }

        foreach (var file in result.Uploaded)
        {
            context.Log.Information("  {0} {1}", DryRunWording.Verb(context.DryRun, "upload", "uploaded"), file);
        }

        context.Log.Information(
            "Release {0} on {1}: {2} file(s) {3} ({4} bytes compressed), {5} linked to release {6}.",
            result.ReleaseId,
            releases.Target,
            result.Uploaded.Count,
            DryRunWording.Verb(context.DryRun, "be uploaded", "uploaded"),
            result.ArchiveBytes,
            result.Linked.Count,
            result.LinkedFrom ?? "-");
    }
}
