using System.Security.Cryptography;

namespace PrivateCloud.Tasks.Configuration.EnvFiles;

/// <summary>Fresh secrets from the operating system's cryptographic random number generator.</summary>
public static class RandomSecret
{
    /// <summary>
    /// Letters and digits only: a subset of a URL's unreserved characters, so a value goes into a
    /// database URL's password as it is (ValidateCompose refuses what would need encoding), and needs
    /// no quoting in .env, YAML, JavaScript or a shell script either.
    /// </summary>
    public const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>32 characters of 62: about 190 bits, and within every service's length limits (bcrypt reads 72 bytes).</summary>
    public const int Length = 32;

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);
}
