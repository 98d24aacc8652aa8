using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Configuration.Compose;

namespace PrivateCloud.Tasks.Configuration;

[TaskName(nameof(ValidateCompose))]
[TaskCategory(TaskCategories.Deploy)]
[TaskDescription("Checks the rendered stack with docker compose config (no engine needed) and that every variable it uses is defined.")]
[IsDependentOn(typeof(RenderConfiguration))]
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

        var validation = context.Services.LocalComposeCli.Config();
        if (!validation.IsValid)
        {
            throw new BuildInputException($"docker compose rejects the stack: {validation.Message}");
        }

        context.Log.Information("The compose project {0} ({1}) is valid.", project.Name, string.Join(", ", project.Files.Select(Path.GetFileName)));
    }
}
