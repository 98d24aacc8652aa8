using PrivateCloud.Tasks.Plumbing.Remote;
using System.Runtime.Versioning;
using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Configuration.Compose;
using PrivateCloud.Tasks.Plumbing.Docker;

namespace PrivateCloud.Tasks.Configuration;

[TaskName(nameof(ValidateCompose))]
[TaskCategory(TaskCategories.Deploy)]
[TaskDescription("Checks the rendered stack with docker compose config (no engine needed), that every variable it uses is defined, and that none inside a URL's user or password needs encoding.")]
[IsDependentOn(typeof(RenderConfiguration))]
[UnsupportedOSPlatform("windows")]
[ThisMachineOnly]
public sealed class ValidateCompose : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var settings = context.Settings;
        var project = settings.Compose.Project(settings.StackDirectory, settings.EnvFile);

        var defined = settings.Variables.Values.Keys
            .Concat(context.Environment.GetEnvironmentVariables().Keys)
            .ToHashSet(StringComparer.Ordinal);
        var undefined = project.Files
            .SelectMany(file => ComposeValidator.FindUndefined(File.ReadAllText(file), defined)
                .Select(reference => $"{reference.Name} ({file}:{reference.Line})"))
            .ToList();
        if (undefined.Count > 0)
        {
            throw new BuildInputException(
                $"The compose file uses variables {settings.EnvFile} does not define: {string.Join(", ", undefined)}. Add them to the .env.");
        }

        var unsafeInUrls = project.Files
            .SelectMany(file => ComposeValidator.FindUnsafeInUrlCredentials(File.ReadAllText(file), name => settings.Variables[name])
                .Select(reference => $"{reference.Name} ({file}:{reference.Line})"))
            .ToList();
        if (unsafeInUrls.Count > 0)
        {
            throw new BuildInputException(
                $"The compose file puts {string.Join(", ", unsafeInUrls)} into a URL's user or password, where compose cannot percent-encode it: " +
                $"give it a value of letters, digits and - . _ ~ only in {settings.EnvFile}.");
        }

        var files = string.Join(", ", project.Files.Select(Path.GetFileName));
        var cache = context.Services.ComposeValidation;
        var key = ComposeValidationCache.Key(project, settings.StackDirectory, new Dictionary<string, string>(context.Environment.GetEnvironmentVariables()));
        if (cache.Holds(project, key))
        {
            context.Log.Information("The compose project {0} ({1}) is valid: compose accepted it before, and nothing it reads has changed since.", project.Name, files);
            return;
        }

        var validation = context.Services.LocalComposeCli.Config();
        if (!validation.IsValid)
        {
            throw new BuildInputException($"docker compose rejects the stack: {validation.Message}");
        }

        context.Log.Information("The compose project {0} ({1}) is valid.", project.Name, files);
        Remember(context, cache, project, key);
    }

    /// <summary>A cache that cannot be written only costs the next run a compose call.</summary>
    private static void Remember(BuildContext context, ComposeValidationCache cache, ComposeProject project, string key)
    {
        if (context.DryRun)
        {
            return;
        }

        try
        {
            cache.Remember(project, key);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Log.Warning("Could not remember that compose accepted {0}: {1}", project.Name, ex.Message);
        }
    }
}
