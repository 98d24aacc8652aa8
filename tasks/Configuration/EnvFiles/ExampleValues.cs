using System.Net;
using System.Text.RegularExpressions;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Configuration.EnvFiles;

/// <summary>
/// Which example values of <c>.env.dist</c> must never be deployed as they are: NewEnv replaces them,
/// Plan lists those a .env still holds and Deploy refuses while one remains.
/// </summary>
public static partial class ExampleValues
{
    /// <summary>
    /// Named like secrets, but public: Cryptpad's administrator signing key is a public key the user
    /// copies from Cryptpad's settings page after the first deploy. Its example is kept until then: it
    /// names no account anyone holds, and a random value would be no key at all.
    /// </summary>
    private static readonly HashSet<string> PublicValuesNamedLikeSecrets = new(StringComparer.Ordinal) { "CRYPTPAD_ADMIN_KEY" };

    /// <summary>RFC 5737's documentation networks: an address in them belongs to nobody.</summary>
    private static readonly IPNetwork[] DocumentationNetworks =
        [IPNetwork.Parse("192.0.2.0/24"), IPNetwork.Parse("198.51.100.0/24"), IPNetwork.Parse("203.0.113.0/24")];

    public static ExampleValueKind Classify(string name, string exampleValue)
    {
        if (name == StatusPassword.Variable)
        {
            return ExampleValueKind.Hashed;
        }

        if (PublicValuesNamedLikeSecrets.Contains(name))
        {
            return ExampleValueKind.Kept;
        }

        if (SettingCatalog.IsSecretVariable(name))
        {
            return ExampleValueKind.Generated;
        }

        return NamesAnExampleHost(exampleValue) ? ExampleValueKind.LeftForUser : ExampleValueKind.Kept;
    }

    /// <summary>Whether deploying this example value as it is would publish a login the repository prints.</summary>
    public static bool MustBeReplaced(string name, string exampleValue) =>
        exampleValue.Length > 0 && Classify(name, exampleValue) is ExampleValueKind.Generated or ExampleValueKind.Hashed;

    /// <summary>An RFC 2606 example domain (in a name, an address, a URL) or an RFC 5737 documentation address.</summary>
    private static bool NamesAnExampleHost(string value) =>
        ExampleDomain().IsMatch(value) ||
        (IPAddress.TryParse(value, out var address) && DocumentationNetworks.Any(network => network.Contains(address)));

    [GeneratedRegex(@"(^|[.@/])example\.(com|net|org)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ExampleDomain();
}
