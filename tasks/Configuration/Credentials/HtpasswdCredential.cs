using PrivateCloud.Frosting;
using BCryptHasher = BCrypt.Net.BCrypt;

namespace PrivateCloud.Tasks.Configuration.Credentials;

/// <summary>
/// One <c>user:hash</c> line as <c>htpasswd -nB</c> writes it (bcrypt, <c>$2y$</c>), the form
/// Traefik's basic-auth middleware reads.
/// </summary>
public sealed record HtpasswdCredential(string User, string Hash)
{
    /// <summary>htpasswd's default cost is 5; 11 costs a fraction of a second per login and slows guessing 64 times more.</summary>
    public const int WorkFactor = 11;

    public static HtpasswdCredential Create(string user, string password)
    {
        CheckUser(user);
        if (password.Length == 0)
        {
            throw new BuildInputException("The dashboard password is empty: give one.");
        }

        return new HtpasswdCredential(user, BCryptHasher.HashPassword(password, BCryptHasher.GenerateSalt(WorkFactor, 'y')));
    }

    /// <summary>Reads <c>user:hash</c>; null when the text is not of that form.</summary>
    public static HtpasswdCredential? Parse(string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < line.Length - 1 ? new HtpasswdCredential(line[..colon], line[(colon + 1)..]) : null;
    }

    /// <summary>Whether this line lets <paramref name="user"/> in with <paramref name="password"/>.</summary>
    public bool Admits(string user, string password)
    {
        if (User != user || !Hash.StartsWith("$2", StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            return BCryptHasher.Verify(password, Hash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            return false;
        }
    }

    public override string ToString() => $"{User}:{Hash}";

    private static void CheckUser(string user)
    {
        if (user.Length == 0 || user.Any(c => c == ':' || char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new BuildInputException($"The dashboard user '{user}' is not valid: use letters, digits and punctuation, without ':' or spaces.");
        }
    }
}
