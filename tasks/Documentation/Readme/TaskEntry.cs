namespace PrivateCloud.Tasks.Documentation.Readme;

/// <summary>One task as the README's table shows it; <see cref="Area"/> is its category.</summary>
public sealed record TaskEntry(
    string Area,
    string Name,
    IReadOnlyList<string> FormerNames,
    string Description,
    IReadOnlyList<string> Dependencies,
    IReadOnlyList<string> Settings);
