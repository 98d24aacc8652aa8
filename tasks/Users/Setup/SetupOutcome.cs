namespace PrivateCloud.Tasks.Users.Setup;

public enum SetupOutcome
{
    /// <summary>The check found it: nothing was run.</summary>
    AlreadyPresent,

    Created,

    /// <summary>Dry run: it is missing and would be created.</summary>
    WouldCreate,
}
