using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.FileSystem;

namespace PrivateCloud.Tasks.Mail.Dkim;

/// <summary>
/// Keeps the DKIM signing key of the mail server. A key is created once and never replaced:
/// the published DNS record depends on it. New keys are written as PKCS#1
/// (<c>BEGIN RSA PRIVATE KEY</c>), the format of the old script's <c>openssl genrsa</c>, which
/// every DKIM signer reads; existing keys may be PKCS#1 or PKCS#8 (<c>BEGIN PRIVATE KEY</c>).
/// Beside <c>name.ext</c> it keeps <c>name.pub</c> (public key PEM, as <c>openssl rsa -pubout</c>
/// prints it) and <c>name.txt</c> (the TXT record value only), both derived from the private key.
/// </summary>
[UnsupportedOSPlatform("windows")]
public static class DkimKeyStore
{
    public const int DefaultBits = 2048;
    private const int MinimumBits = 1024;
    private const UnixFileMode PrivateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PublicMode = PrivateMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode SharedAccess = (UnixFileMode)0b000_111_111;

    public static string PublicKeyPath(string privateKeyPath) => Derived(privateKeyPath, ".pub");

    public static string TxtPath(string privateKeyPath) => Derived(privateKeyPath, ".txt");

    /// <summary>Creates the key if it is missing, and (re)writes the public key and TXT files when missing or stale.</summary>
    public static DkimKeyFiles Ensure(string privateKeyPath, int bits = DefaultBits)
    {
        var publicKeyPath = PublicKeyPath(privateKeyPath);
        var txtPath = TxtPath(privateKeyPath);
        var warnings = new List<string>();
        var written = new List<string>();

        var generated = File.Exists(privateKeyPath) ? null : Generate(privateKeyPath, bits, warnings);
        var created = generated is not null;
        using var key = generated ?? Load(privateKeyPath);
        if (created)
        {
            written.Add(privateKeyPath);
        }
        else if ((File.GetUnixFileMode(privateKeyPath) & SharedAccess) != 0)
        {
            warnings.Add($"DKIM key {privateKeyPath} is readable by other users; run chmod 600 on it");
        }

        var txtValue = DkimRecord.TxtValue(key);
        var derived = new[]
        {
            (Path: publicKeyPath, Content: key.ExportSubjectPublicKeyInfoPem() + "\n"),
            (Path: txtPath, Content: txtValue + "\n"),
        };
        foreach (var (path, content) in derived)
        {
            var bytes = Encoding.ASCII.GetBytes(content);
            if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
            {
                AtomicFile.Write(path, bytes, PublicMode);
                written.Add(path);
            }
        }

        return new DkimKeyFiles(privateKeyPath, publicKeyPath, txtPath, txtValue, created, written, warnings);
    }

    /// <summary>The TXT record value of an existing private key (PKCS#1 or PKCS#8 PEM).</summary>
    public static string ReadTxtValue(string privateKeyPath)
    {
        using var key = Load(privateKeyPath);
        return DkimRecord.TxtValue(key);
    }

    /// <summary>A new key written to <paramref name="path"/>; null when another run wrote one there first, which is then the one to keep.</summary>
    private static RSA? Generate(string path, int bits, List<string> warnings)
    {
        if (bits < MinimumBits)
        {
            throw new BuildInputException($"DKIM key size {bits} is too small for {path}: use {DefaultBits} (or at least {MinimumBits})");
        }

        if (bits < DefaultBits)
        {
            warnings.Add($"DKIM key {path} has {bits} bits; receivers increasingly reject keys under {DefaultBits} bits");
        }

        var key = RSA.Create(bits);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        try
        {
            // Never replace a key that appeared meanwhile (another deploy from this checkout): its record may already be published.
            AtomicFile.Write(path, Encoding.ASCII.GetBytes(key.ExportRSAPrivateKeyPem() + "\n"), PrivateMode, replace: false);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            key.Dispose();
            return null;
        }
    }

    private static RSA Load(string path)
    {
        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BuildInputException($"DKIM key {path} cannot be read: {e.Message}", e);
        }

        // Only the label is checked here; the messages never quote the key material.
        var label = PemEncoding.TryFind(pem, out var fields) ? pem[fields.Label] : null;
        if (label is not ("RSA PRIVATE KEY" or "PRIVATE KEY"))
        {
            var found = label is null ? "no PEM block" : $"a '{label}' PEM block";
            throw new BuildInputException(
                $"DKIM key {path} holds {found}; it must be an unencrypted RSA private key in PEM (PKCS#1 from 'openssl genrsa -traditional' or PKCS#8 from 'openssl genpkey -algorithm RSA')");
        }

        var key = RSA.Create();
        try
        {
            key.ImportFromPem(pem);
            return key;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new BuildInputException(
                $"DKIM key {path} is not a readable RSA private key (an EC or damaged key?); replace it with one from 'openssl genrsa -traditional 2048'");
        }
    }

    private static string Derived(string privateKeyPath, string extension)
    {
        var path = Path.ChangeExtension(privateKeyPath, extension);
        if (path == privateKeyPath)
        {
            throw new BuildInputException($"DKIM key {privateKeyPath} must not end in '{extension}': that name is used for a file derived from the key");
        }

        return path;
    }
}
