using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.DotEnv;
using PrivateCloud.Tasks.Configuration.EnvFiles;

namespace PrivateCloud.Tasks.Plumbing.Settings;

/// <summary>
/// What a Deploy still lacks, decided in one place from the settings, the stack's variables and its
/// .env.dist: Plan lists all of it; Deploy refuses while a secret still holds .env.dist's example
/// value, since the public repository prints it.
/// </summary>
public sealed record DeployReadiness(IReadOnlyList<string> Missing, IReadOnlyList<ExampleSecret> ExampleSecrets)
{
    public bool Complete => Missing.Count == 0 && ExampleSecrets.Count == 0;

    /// <param name="missingSettings">The settings a Deploy needs that have no value.</param>
    /// <param name="template">The stack's .env.dist; null when it has none.</param>
    /// <param name="envFileIsFallback">No .env exists, so the variables are .env.dist's own.</param>
    public static DeployReadiness Decide(
        IEnumerable<Setting> missingSettings, StackVariables variables, DotEnvFile? template, bool envFileIsFallback)
    {
        var missing = missingSettings.Select(s => $"{s.Option} (or {s.EnvironmentVariable}): {s.Description}").ToList();
        var examples = new List<ExampleSecret>();
        foreach (var entry in template?.Entries ?? [])
        {
            var isSetting = SettingCatalog.All.Any(s => s.EnvironmentVariable == entry.Key);
            if (!variables.IsSet(entry.Key))
            {
                // A setting without value is listed above, by its option.
                if (!isSetting)
                {
                    missing.Add($"{entry.Key} ({template!.Path}:{entry.Line}): no value yet");
                }
            }
            else if (ExampleValues.MustBeReplaced(entry.Key, entry.Value) && variables[entry.Key] == entry.Value)
            {
                // file:line, or "NAME (environment)" when the environment set it.
                var origin = variables.WithOrigins[entry.Key].Origin;
                var where = origin.StartsWith($"{entry.Key} ", StringComparison.Ordinal) ? origin : $"{entry.Key} ({origin})";
                examples.Add(new ExampleSecret(entry.Key, envFileIsFallback
                    ? $"{where}: no .env yet, and this example is printed in the public repository: run ./build.sh --target=NewEnv to write a .env with fresh secrets."
                    : $"{where} still holds the example value of {template!.Path}, printed in the public repository: set a value of your own, or delete its line and run ./build.sh --target=NewEnv --add-missing=true to generate one."));
            }
        }

        return new DeployReadiness(missing, examples);
    }

    /// <summary>Stops <paramref name="task"/> before it does anything while a secret still holds its example value, one line per variable.</summary>
    public void RefuseExampleSecrets(string task)
    {
        if (ExampleSecrets.Count > 0)
        {
            throw new BuildInputException(
                $"{task} refuses to send the example secrets of .env.dist to the host ({ExampleSecrets.Count}):{string.Concat(ExampleSecrets.Select(e => $"\n  - {e.Problem}"))}");
        }
    }
}
