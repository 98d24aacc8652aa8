using System.Runtime.Versioning;
using System.Text;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Mail.Dkim;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Mail;

[UnsupportedOSPlatform("windows")]
public sealed class DkimKeyStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dkim-").FullName;

    private string KeyPath => Path.Combine(_dir, "keys", "mail.private");

    private static void RequireOpenSsl() =>
        Requires.That(Requires.Executable("openssl"), "the openssl CLI is needed to check DKIM keys");

    /// <summary>The public key and TXT value openssl itself derives from the private key.</summary>
    private static (string PublicPem, string TxtValue) WhatOpenSslDerives(string keyPath)
    {
        var publicPem = Encoding.ASCII.GetString(OpenSsl.Run("rsa", "-in", keyPath, "-pubout"));
        var der = OpenSsl.Run("rsa", "-in", keyPath, "-pubout", "-outform", "DER");
        return (publicPem, $"v=DKIM1; k=rsa; p={Convert.ToBase64String(der)}");
    }

    [Fact]
    public void Creates_an_owner_only_pkcs1_key_with_public_key_and_txt_value_openssl_agrees_with()
    {
        RequireOpenSsl();

        var key = DkimKeyStore.Ensure(KeyPath);

        var (publicPem, txtValue) = WhatOpenSslDerives(KeyPath);
        Assert.True(key.Created);
        Assert.Equal([KeyPath, Path.Combine(_dir, "keys", "mail.pub"), Path.Combine(_dir, "keys", "mail.txt")], key.Written);
        Assert.Empty(key.Warnings);
        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----\n", File.ReadAllText(KeyPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyPath));
        Assert.Contains("Private-Key: (2048 bit", Encoding.ASCII.GetString(OpenSsl.Run("rsa", "-in", KeyPath, "-noout", "-text")));
        Assert.Equal(publicPem, File.ReadAllText(key.PublicKeyPath));
        Assert.Equal(txtValue, key.TxtValue);
        Assert.Equal(txtValue + "\n", File.ReadAllText(key.TxtPath));
        Assert.Equal(txtValue, DkimKeyStore.ReadTxtValue(KeyPath));
    }

    [Fact]
    public void Never_overwrites_an_existing_key_and_re_derives_missing_or_stale_files()
    {
        var first = DkimKeyStore.Ensure(KeyPath);
        var keyBytes = File.ReadAllBytes(KeyPath);

        var second = DkimKeyStore.Ensure(KeyPath, bits: 4096);
        File.Delete(first.PublicKeyPath);
        File.WriteAllText(first.TxtPath, "v=DKIM1; k=rsa; p=stale\n");
        var third = DkimKeyStore.Ensure(KeyPath);

        Assert.False(second.Created);
        Assert.Empty(second.Written);
        Assert.Equal(first.TxtValue, second.TxtValue);
        Assert.False(third.Created);
        Assert.Equal([first.PublicKeyPath, first.TxtPath], third.Written);
        Assert.Equal(first.TxtValue + "\n", File.ReadAllText(first.TxtPath));
        Assert.Equal(keyBytes, File.ReadAllBytes(KeyPath));
    }

    [Theory]
    [InlineData("genrsa", "-----BEGIN RSA PRIVATE KEY-----")]
    [InlineData("genpkey", "-----BEGIN PRIVATE KEY-----")]
    public void Reads_keys_made_by_openssl_in_pkcs1_and_pkcs8(string tool, string header)
    {
        RequireOpenSsl();
        Directory.CreateDirectory(Path.GetDirectoryName(KeyPath)!);
        if (tool == "genrsa")
        {
            OpenSsl.Run("genrsa", "-traditional", "-out", KeyPath, "2048");
        }
        else
        {
            OpenSsl.Run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", KeyPath);
        }

        var original = File.ReadAllBytes(KeyPath);
        var key = DkimKeyStore.Ensure(KeyPath);

        var (publicPem, txtValue) = WhatOpenSslDerives(KeyPath);
        Assert.StartsWith(header, Encoding.ASCII.GetString(original));
        Assert.False(key.Created);
        Assert.Equal(original, File.ReadAllBytes(KeyPath));
        Assert.Equal(publicPem, File.ReadAllText(key.PublicKeyPath));
        Assert.Equal(txtValue, key.TxtValue);
    }

    [Theory]
    [InlineData("ecparam", "DKIM key {0} holds a 'EC PRIVATE KEY' PEM block; it must be an unencrypted RSA private key in PEM (PKCS#1 from 'openssl genrsa -traditional' or PKCS#8 from 'openssl genpkey -algorithm RSA')")]
    [InlineData("genpkey", "DKIM key {0} is not a readable RSA private key (an EC or damaged key?); replace it with one from 'openssl genrsa -traditional 2048'")]
    public void Refuses_an_ec_key_naming_the_file(string tool, string message)
    {
        RequireOpenSsl();
        Directory.CreateDirectory(Path.GetDirectoryName(KeyPath)!);
        if (tool == "ecparam")
        {
            OpenSsl.Run("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", KeyPath);
        }
        else
        {
            OpenSsl.Run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", KeyPath);
        }

        var error = Assert.Throws<BuildInputException>(() => DkimKeyStore.Ensure(KeyPath));

        Assert.Equal(string.Format(message, KeyPath), error.Message);
        Assert.False(File.Exists(DkimKeyStore.PublicKeyPath(KeyPath)));
    }

    [Fact]
    public void Refuses_a_file_that_is_no_pem_key()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(KeyPath)!);
        File.WriteAllText(KeyPath, "not a key\n");

        var error = Assert.Throws<BuildInputException>(() => DkimKeyStore.ReadTxtValue(KeyPath));

        Assert.StartsWith($"DKIM key {KeyPath} holds no PEM block; it must be", error.Message);
    }

    [Fact]
    public void A_1024_bit_key_is_made_with_a_warning_and_smaller_ones_are_refused()
    {
        var small = Path.Combine(_dir, "small.key");

        var key = DkimKeyStore.Ensure(KeyPath, bits: 1024);
        var error = Assert.Throws<BuildInputException>(() => DkimKeyStore.Ensure(small, bits: 768));

        Assert.Equal([$"DKIM key {KeyPath} has 1024 bits; receivers increasingly reject keys under 2048 bits"], key.Warnings);
        Assert.Equal($"DKIM key size 768 is too small for {small}: use 2048 (or at least 1024)", error.Message);
        Assert.False(File.Exists(small));
    }

    [Fact]
    public void Warns_about_an_existing_key_readable_by_others()
    {
        DkimKeyStore.Ensure(KeyPath);
        File.SetUnixFileMode(KeyPath, (UnixFileMode)0b110_100_100);

        var key = DkimKeyStore.Ensure(KeyPath);

        Assert.Equal([$"DKIM key {KeyPath} is readable by other users; run chmod 600 on it"], key.Warnings);
    }

    [Theory]
    [InlineData("mail", "example.org", "mail._domainkey.example.org")]
    [InlineData("2024a", "example.org.", "2024a._domainkey.example.org")]
    public void Record_name_is_selector_domainkey_domain(string selector, string domain, string expected) =>
        Assert.Equal(expected, DkimRecord.Name(selector, domain));

    [Fact]
    public void A_key_name_that_collides_with_a_derived_file_is_refused() =>
        Assert.Equal(
            $"DKIM key {Path.Combine(_dir, "mail.pub")} must not end in '.pub': that name is used for a file derived from the key",
            Assert.Throws<BuildInputException>(() => DkimKeyStore.Ensure(Path.Combine(_dir, "mail.pub"))).Message);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
