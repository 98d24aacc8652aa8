using System.Runtime.Versioning;
using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Configuration.Templates;
using PrivateCloud.Tasks.Plumbing.Logging;
using PrivateCloud.Tasks.Mail;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.FileSystem;

namespace PrivateCloud.Tasks.Configuration;

[TaskName(nameof(RenderConfiguration))]
[TaskCategory(TaskCategories.Deploy)]
[TaskDescription("Renders the stack's *.template files with the .env values (--templates); writes nothing if any template fails.")]
[IsDependentOn(typeof(CreateDkimKey))]
[UnsupportedOSPlatform("windows")]
[ThisMachineOnly]
public sealed class RenderConfiguration : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var settings = context.Settings;
        var templates = TemplateSet.Find(settings.StackDirectory, settings.Configuration.Templates);
        var report = context.Services.ConfigurationWriter.Apply(
            templates, settings.Variables.Values, settings.Configuration.AllowUndefined, context.DryRun);

        foreach (var warning in report.Warnings)
        {
            context.Log.Warning(warning.ToString());
        }

        if (!report.Succeeded)
        {
            foreach (var error in report.Errors)
            {
                context.Log.Error(error.ToString());
            }

            throw new BuildInputException(
                $"{report.Errors.Count} template error(s) above; no file was written. Define the variables in {settings.EnvFile} or fix the templates.");
        }

        foreach (var file in report.Files.Where(f => f.Change != FileChangeKind.Unchanged))
        {
            context.Log.Information("{0} {1}", Describe(file.Change, context.DryRun), file.RelativePath);
            if (file.Diff is not null)
            {
                context.Log.Information(file.Diff);
            }
        }

        context.Log.Information(
            "{0} template(s) rendered: {1} {2}, {3} unchanged.",
            report.Rendered,
            report.Changed,
            DryRunWording.Verb(context.DryRun, "change", "changed"),
            report.Unchanged);
    }

    private static string Describe(FileChangeKind change, bool dryRun) => change switch
    {
        FileChangeKind.Created => DryRunWording.Verb(dryRun, "create", "created"),
        FileChangeKind.Updated => DryRunWording.Verb(dryRun, "update", "updated"),
        _ => DryRunWording.Verb(dryRun, "fix the permissions of", "fixed the permissions of"),
    };
}
