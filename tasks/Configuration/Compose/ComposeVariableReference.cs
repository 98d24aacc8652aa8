namespace PrivateCloud.Tasks.Configuration.Compose;

/// <summary>A variable a compose file interpolates, and the line (1-based) where it is first used.</summary>
public sealed record ComposeVariableReference(string Name, int Line);
