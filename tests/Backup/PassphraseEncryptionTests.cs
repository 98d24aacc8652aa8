using System.Runtime.Versioning;
using System.Text;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Security;
using PrivateCloud.Tasks.Backup.Archive;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Backup;

/// <summary>
/// The archive's OpenPGP encryption against the real gpg (GnuPG 2.2, Debian's gnupg): each opens what
/// the other wrote. gpg gets the passphrase on its stdin (--passphrase-fd 0), never on its command line,
/// and runs in a home directory of the test's own, caching no passphrase.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class PassphraseEncryptionTests : IDisposable
{
    /// <summary>Not ASCII, so both sides must take the passphrase as the same UTF-8 bytes.</summary>
    private const string Passphrase = "correct horse bättery staple ✓";

    private static readonly DateTime Modified = new(2026, 11, 29, 16, 5, 0, DateTimeKind.Utc);

    private readonly TemporaryDirectory _work = new();

    private GnupgHome? _gpg;

    public void Dispose()
    {
        _gpg?.Dispose();
        _work.Dispose();
    }

    private (int ExitCode, byte[] Output, string Error) Gpg(string passphrase, params string[] args) => (_gpg ??= new GnupgHome()).Run(passphrase, args);

    [Fact]
    public void What_we_encrypt_plain_gpg_decrypts_byte_for_byte_and_lists_as_aes256_with_iterated_s2k_and_mdc()
    {
        var content = RandomBytes(300_000);
        var encrypted = EncryptToFile("archive.tar.gz.gpg", content);

        var decrypted = Gpg(Passphrase, "--decrypt", encrypted);
        var packets = Gpg(Passphrase, "--list-packets", encrypted);

        Assert.True(decrypted.ExitCode == 0, decrypted.Error);
        Assert.Equal(content, decrypted.Output);
        var listing = Encoding.UTF8.GetString(packets.Output);
        // cipher 9 is AES-256, s2k 3 iterated and salted, hash 8 SHA-256, count 65011712 the coded 0xFF.
        Assert.Contains(":symkey enc packet: version 4, cipher 9, aead 0,s2k 3, hash 8", listing);
        Assert.Contains("count 65011712 (255)", listing);
        Assert.Contains("gpg: AES256.CFB encrypted data", decrypted.Error);
        Assert.Contains(":encrypted data packet:", listing);
        Assert.Contains("mdc_method: 2", listing);
        Assert.Contains(":literal data packet:", listing);
        Assert.Contains("name=\"archive.tar.gz\"", listing);
    }

    [Fact]
    public void Gpg_refuses_our_file_with_another_passphrase()
    {
        var encrypted = EncryptToFile("archive.tar.gz.gpg", RandomBytes(1000));

        var decrypted = Gpg("another passphrase", "--decrypt", encrypted);

        Assert.NotEqual(0, decrypted.ExitCode);
        Assert.Empty(decrypted.Output);
    }

    [Fact]
    public void Gpg_also_refuses_our_file_once_a_byte_of_its_content_changed()
    {
        var encrypted = EncryptToFile("archive.tar.gz.gpg", RandomBytes(100_000));
        var bytes = File.ReadAllBytes(encrypted);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(encrypted, bytes);

        var decrypted = Gpg(Passphrase, "--decrypt", encrypted);

        Assert.NotEqual(0, decrypted.ExitCode);
        Assert.Contains("WARNING: encrypted message has been manipulated!", decrypted.Error);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void What_gpg_encrypts_symmetrically_we_decrypt(bool armor)
    {
        var content = RandomBytes(200_000);
        var plain = _work.Combine("plain.bin");
        File.WriteAllBytes(plain, content);
        var encrypted = _work.Combine("plain.bin.gpg");

        // gpg's defaults: it compresses, and picks its own cipher and S2K.
        var made = Gpg(Passphrase, [.. armor ? ["--armor"] : Array.Empty<string>(), "--output", encrypted, "--symmetric", plain]);
        var read = Decrypt(encrypted, Passphrase);

        Assert.True(made.ExitCode == 0, made.Error);
        Assert.True(PassphraseEncryption.IsEncrypted(encrypted));
        Assert.Equal(content, read);
    }

    [Fact]
    public void A_wrong_passphrase_is_named_as_such()
    {
        var encrypted = EncryptToFile("archive.tar.gz.gpg", RandomBytes(1000));

        var refused = Assert.Throws<ArchiveDecryptionException>(() => Decrypt(encrypted, "not " + Passphrase));

        Assert.Equal(DecryptionFailure.WrongPassphrase, refused.Failure);
        Assert.Equal("the passphrase does not open it (a wrong passphrase, or its first bytes were changed)", refused.Message);
    }

    /// <summary>
    /// Offsets in our layout: the key packet (SKESK) is bytes 0-14 (its salt 6-13, the coded count 14), the
    /// data packet (SEIPD) starts at 15 and its encrypted part at 18 with an 18-byte random prefix whose
    /// last two bytes repeat the two before: a change there garbles those, which is what a wrong
    /// passphrase does. From byte 36 on, the content and then the MDC packet (the last 22 bytes).
    /// </summary>
    [Theory]
    [InlineData("the key packet's salt", 8, DecryptionFailure.WrongPassphrase)]
    [InlineData("the key packet's S2K count", 14, DecryptionFailure.WrongPassphrase)]
    [InlineData("the encrypted random prefix", 20, DecryptionFailure.WrongPassphrase)]
    [InlineData("the literal packet's header", 40, DecryptionFailure.Tampered)]
    [InlineData("the middle", -2, DecryptionFailure.Tampered)]
    [InlineData("the last byte of the content", -23, DecryptionFailure.Tampered)]
    [InlineData("the MDC packet's header", -22, DecryptionFailure.Tampered)]
    [InlineData("the last byte (the MDC)", -1, DecryptionFailure.Tampered)]
    public void A_flipped_byte_anywhere_fails_decryption(string where, int position, DecryptionFailure failure)
    {
        _ = where;
        var encrypted = EncryptToFile("archive.tar.gz.gpg", RandomBytes(100_000));
        var bytes = File.ReadAllBytes(encrypted);
        var index = position switch
        {
            -2 => bytes.Length / 2,
            < 0 => bytes.Length + position,
            _ => position,
        };
        bytes[index] ^= 0x01;
        File.WriteAllBytes(encrypted, bytes);

        var refused = Assert.Throws<ArchiveDecryptionException>(() => Decrypt(encrypted, Passphrase));

        Assert.Equal(failure, refused.Failure);
        if (failure == DecryptionFailure.Tampered)
        {
            Assert.Equal("it fails its integrity check (OpenPGP MDC): it was changed or damaged since it was written; nothing from it is used", refused.Message);
        }
    }

    [Fact]
    public void Data_encrypted_without_integrity_protection_is_refused_before_it_is_read()
    {
        var encrypted = _work.Combine("no-mdc.gpg");
        using (var file = File.Create(encrypted))
        {
            var generator = new PgpEncryptedDataGenerator(SymmetricKeyAlgorithmTag.Aes256, withIntegrityPacket: false, new SecureRandom());
            generator.AddMethodUtf8(Passphrase.ToCharArray(), HashAlgorithmTag.Sha256);
            using var data = generator.Open(file, new byte[4096]);
            using var literal = new PgpLiteralDataGenerator().Open(data, PgpLiteralData.Binary, "x", 3, Modified);
            literal.Write("secret"u8);
        }

        var read = false;
        var refused = Assert.Throws<ArchiveDecryptionException>(() =>
            PassphraseEncryption.Decrypt(File.OpenRead(encrypted), Passphrase, _ => read = true));

        Assert.Equal(DecryptionFailure.NotIntegrityProtected, refused.Failure);
        Assert.False(read, "the unprotected plaintext was handed to the reader");
    }

    [Fact]
    public void Only_OpenPGP_encrypted_files_count_as_encrypted()
    {
        var ours = EncryptToFile("ours.gpg", RandomBytes(100));
        var empty = _work.Write("empty", string.Empty);
        var random = _work.Combine("random.bin");
        File.WriteAllBytes(random, RandomBytes(4096));
        var gzip = _work.Combine("plain.tar.gz");
        using (var stream = new System.IO.Compression.GZipStream(File.Create(gzip), System.IO.Compression.CompressionLevel.Fastest))
        {
            stream.Write("MYSQL_ROOT_PASSWORD=s3cret\n"u8);
        }

        Assert.True(PassphraseEncryption.IsEncrypted(ours));
        Assert.False(PassphraseEncryption.IsEncrypted(empty));
        Assert.False(PassphraseEncryption.IsEncrypted(random));
        Assert.False(PassphraseEncryption.IsEncrypted(gzip));
        Assert.Equal(DecryptionFailure.NotEncrypted, Assert.Throws<ArchiveDecryptionException>(() => Decrypt(gzip, Passphrase)).Failure);
    }

    private string EncryptToFile(string name, byte[] content)
    {
        var path = _work.Combine(name);
        using var file = File.Create(path);
        PassphraseEncryption.Encrypt(file, Passphrase, Path.GetFileNameWithoutExtension(name), Modified, plaintext => plaintext.Write(content));
        return path;
    }

    private static byte[] Decrypt(string path, string passphrase)
    {
        using var file = File.OpenRead(path);
        var content = new MemoryStream();
        PassphraseEncryption.Decrypt(file, passphrase, plaintext => plaintext.CopyTo(content));
        return content.ToArray();
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(count).NextBytes(bytes);
        return bytes;
    }
}
