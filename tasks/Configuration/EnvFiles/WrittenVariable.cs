namespace PrivateCloud.Tasks.Configuration.EnvFiles;

/// <summary>One variable NewEnv writes and how its value was made; never the value, since this is what gets listed.</summary>
public sealed record WrittenVariable(string Name, ExampleValueKind Kind);
