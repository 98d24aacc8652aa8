namespace PrivateCloud.Tasks.Configuration.EnvFiles;

/// <summary>What NewEnv would write: the file's whole text, the variables it writes, and the dashboard login it generated.</summary>
public sealed record EnvFileDraft(string Text, IReadOnlyList<WrittenVariable> Variables, DashboardLogin? Dashboard)
{
    // The text holds secrets: a logged or formatted draft must never show it.
    public override string ToString() => $"{Variables.Count} variable(s)";
}
