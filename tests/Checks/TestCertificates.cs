using System.Globalization;
using PrivateCloud.Tests.Mail;

namespace PrivateCloud.Tests.Checks;

/// <summary>
/// A test certificate authority made with the openssl CLI, and server certificates it signs for
/// any names and validity window (an already expired one included: <c>openssl ca</c> takes explicit dates).
/// </summary>
internal sealed class TestCertificates
{
    private readonly string _folder;
    private readonly string _name;
    private int _issued;

    private TestCertificates(string folder, string name)
    {
        _folder = folder;
        _name = name;
    }

    public string CaFile => Path.Combine(_folder, $"{_name}-ca.crt");

    private string CaKey => Path.Combine(_folder, $"{_name}-ca.key");

    private string Config => Path.Combine(_folder, $"{_name}-ca.cnf");

    public static TestCertificates Create(string folder, string name)
    {
        var ca = new TestCertificates(folder, name);
        OpenSsl.Run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca.CaKey, "-out", ca.CaFile,
            "-days", "365", "-subj", $"/CN={name} test CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        var database = Path.Combine(folder, $"{name}-index.txt");
        File.WriteAllText(database, string.Empty);
        File.WriteAllText(Path.Combine(folder, $"{name}-serial"), "1000\n");
        File.WriteAllText(ca.Config, $"""
            [ca]
            default_ca = test
            [test]
            database = {database}
            new_certs_dir = {folder}
            serial = {Path.Combine(folder, $"{name}-serial")}
            default_md = sha256
            policy = any
            unique_subject = no
            copy_extensions = none
            [any]
            commonName = supplied
            """);
        return ca;
    }

    /// <summary>
    /// Issues a certificate for <paramref name="names"/> valid from <paramref name="notBefore"/> to
    /// <paramref name="notAfter"/>; returns the chain file (leaf then CA) and the key file. RSA keys
    /// (of <paramref name="rsaBits"/>): Debian 12's OpenSMTPD cannot sign with EC keys.
    /// </summary>
    public (string Chain, string Key) Issue(string[] names, DateTimeOffset notBefore, DateTimeOffset notAfter, int rsaBits = 2048)
    {
        var id = $"{_name}-{Interlocked.Increment(ref _issued)}";
        var key = Path.Combine(_folder, id + ".key");
        var request = Path.Combine(_folder, id + ".csr");
        var leaf = Path.Combine(_folder, id + ".crt");
        OpenSsl.Run("req", "-newkey", $"rsa:{rsaBits}", "-nodes", "-keyout", key, "-out", request, "-subj", $"/CN={names[0]}");
        var extensions = Path.Combine(_folder, id + ".ext");
        File.WriteAllText(extensions, $"""
            [server]
            basicConstraints = CA:FALSE
            keyUsage = critical,digitalSignature,keyEncipherment
            extendedKeyUsage = serverAuth
            subjectAltName = {string.Join(',', names.Select(n => "DNS:" + n))}
            """);
        OpenSsl.Run("ca", "-batch", "-notext", "-config", Config, "-cert", CaFile, "-keyfile", CaKey, "-in", request, "-out", leaf,
            "-extfile", extensions, "-extensions", "server", "-startdate", Stamp(notBefore), "-enddate", Stamp(notAfter));

        var chain = Path.Combine(_folder, id + "-chain.crt");
        File.WriteAllText(chain, File.ReadAllText(leaf) + File.ReadAllText(CaFile));
        return (chain, key);
    }

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMddHHmmss'Z'", CultureInfo.InvariantCulture);
}
