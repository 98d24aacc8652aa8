using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Plumbing.Settings;

/// <summary>The stack variables a task cannot do without: a missing one stops it with one line naming the file.</summary>
public sealed class RequiredVariables(StackVariables variables, string envFile, string task)
{
    public static RequiredVariables Of(BuildSettings settings, string task) => new(settings.Variables, settings.EnvFile, task);

    public string this[string name] => variables.IsSet(name)
        ? variables[name]!
        : throw new BuildInputException($"{name} is not set in {envFile} (nor in the environment): {task} needs it; add {name}=<value> there.");

    /// <summary>Where the value came from (<c>file:line</c> or the environment), for messages about it.</summary>
    public string Origin(string name) => variables.WithOrigins.TryGetValue(name, out var value) ? value.Origin : envFile;
}
