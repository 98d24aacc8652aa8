namespace PrivateCloud.Tasks.Plumbing.Settings;

/// <summary>A secret variable whose value is still .env.dist's example, and the line that says where and what to do.</summary>
public sealed record ExampleSecret(string Name, string Problem);
