namespace PrivateCloud.Tasks.Configuration.EnvFiles;

/// <summary>What NewEnv writes in place of one example value of <c>.env.dist</c>.</summary>
public enum ExampleValueKind
{
    /// <summary>A default the stack works with (a size, a selector, a user name): written as it is.</summary>
    Kept,

    /// <summary>A secret: a fresh random value, since the example is printed in the public repository.</summary>
    Generated,

    /// <summary>STATUS_CREDENTIALS: the bcrypt htpasswd line of a fresh random password.</summary>
    Hashed,

    /// <summary>An example domain, address or host only the user knows: written empty for them to fill.</summary>
    LeftForUser,
}
