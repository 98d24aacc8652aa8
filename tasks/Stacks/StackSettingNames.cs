namespace PrivateCloud.Tasks.Stacks;

/// <summary>
/// The names of the Deploy settings that place and shape the stack, which the stack model's messages
/// tell the user to give: DeploySettings defines those settings with these names, so the two cannot differ.
/// </summary>
public static class StackSettingNames
{
    public const string RemoteDir = "remote-dir";

    public const string Orchestrator = "orchestrator";

    public const string Registry = "registry";
}
