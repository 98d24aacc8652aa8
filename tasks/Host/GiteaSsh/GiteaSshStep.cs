namespace PrivateCloud.Tasks.Host.GiteaSsh;

/// <summary>One thing the host needs so <c>git@host</c> SSH reaches Gitea in its container, in the order they run.</summary>
public enum GiteaSshStep
{
    CreateGroup,
    CreateUser,
    CreateKeyPair,
    AuthorizeKey,
    WriteShim,
}
