using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Security;

namespace PrivateCloud.Tasks.Backup.Archive;

/// <summary>
/// OpenPGP passphrase encryption (RFC 4880), the form <c>gpg --symmetric</c> writes and <c>gpg -d</c>
/// reads, so the secrets archive opens without this tool: a symmetric-key session packet whose key
/// comes from the passphrase through the iterated and salted S2K (SHA-256), AES-256, and the
/// integrity-protected data packet (SEIPD, with its modification detection code). The passphrase is
/// taken as its UTF-8 bytes, as gpg takes what it reads. Both directions stream.
/// </summary>
public static class PassphraseEncryption
{
    /// <summary>
    /// S2K's coded count 0xFF: 65,011,712 bytes hashed per passphrase tried, the most the format can say. Deriving
    /// the key costs this tool under a second, once per run; a guesser pays it for every guess.
    /// </summary>
    private const int S2kCount = 0xFF;

    private const int BufferSize = 1 << 16;

    /// <summary>Writes the encrypted message to <paramref name="output"/>; <paramref name="writePlaintext"/> writes what it holds.</summary>
    /// <param name="name">The file name recorded inside, which gpg shows and restores with --use-embedded-filename.</param>
    public static void Encrypt(Stream output, string passphrase, string name, DateTime modified, Action<Stream> writePlaintext)
    {
        var generator = new PgpEncryptedDataGenerator(SymmetricKeyAlgorithmTag.Aes256, withIntegrityPacket: true, new SecureRandom());
        generator.AddMethodUtf8(passphrase.ToCharArray(), HashAlgorithmTag.Sha256, S2kCount);
        using var encrypted = generator.Open(output, new byte[BufferSize]);
        using var plaintext = new PgpLiteralDataGenerator().Open(encrypted, PgpLiteralData.Binary, name, modified, new byte[BufferSize]);
        writePlaintext(plaintext);
    }

    /// <summary>
    /// Decrypts <paramref name="input"/> and hands the plaintext to <paramref name="readPlaintext"/>, which
    /// must keep what it reads to itself until this returns: the integrity check can only run at the end.
    /// When reading fails or the end is reached, the integrity check decides: a changed file throws
    /// <see cref="ArchiveDecryptionException"/> (<see cref="DecryptionFailure.Tampered"/>), whatever the
    /// reader made of the changed plaintext.
    /// </summary>
    public static void Decrypt(Stream input, string passphrase, Action<Stream> readPlaintext)
    {
        var encrypted = PassphraseEncrypted(input);
        if (!encrypted.IsIntegrityProtected())
        {
            // gpg refuses these too: without the MDC a change to the ciphertext goes unnoticed.
            throw new ArchiveDecryptionException(DecryptionFailure.NotIntegrityProtected,
                "it is encrypted without integrity protection (no MDC), so a change to it could not be detected");
        }

        Stream clear;
        try
        {
            clear = encrypted.GetDataStreamUtf8(passphrase.ToCharArray());
        }
        catch (PgpDataValidationException)
        {
            // The key is derived from the passphrase and the salt in the file's first packet, so a
            // wrong passphrase and a changed salt look alike: neither yields the check bytes.
            throw new ArchiveDecryptionException(DecryptionFailure.WrongPassphrase,
                "the passphrase does not open it (a wrong passphrase, or its first bytes were changed)");
        }
        catch (Exception ex) when (ex is PgpException or IOException)
        {
            throw Tampered();
        }

        try
        {
            readPlaintext(Literal(clear));
        }
        catch (Exception ex) when (ex is not ArchiveDecryptionException)
        {
            if (!Intact(encrypted, clear))
            {
                throw Tampered();
            }

            throw;
        }

        if (!Intact(encrypted, clear))
        {
            throw Tampered();
        }
    }

    /// <summary>Whether <paramref name="path"/> is an OpenPGP encrypted message (binary or ASCII-armoured), for a passphrase or a key.</summary>
    public static bool IsEncrypted(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            return First(file) is PgpEncryptedDataList;
        }
        catch (Exception ex) when (ex is IOException or PgpException or ArgumentException)
        {
            return false;
        }
    }

    private static PgpPbeEncryptedData PassphraseEncrypted(Stream input)
    {
        PgpObject? first;
        try
        {
            first = First(input);
        }
        catch (Exception ex) when (ex is IOException or PgpException or ArgumentException)
        {
            first = null;
        }

        if (first is not PgpEncryptedDataList list)
        {
            throw new ArchiveDecryptionException(DecryptionFailure.NotEncrypted, "it is not an OpenPGP encrypted file");
        }

        return list.GetEncryptedDataObjects().OfType<PgpPbeEncryptedData>().FirstOrDefault()
            ?? throw new ArchiveDecryptionException(DecryptionFailure.NotEncrypted, "it is encrypted to a key, not with a passphrase");
    }

    /// <summary>The first packet that is not a marker (which old gpg versions put first).</summary>
    private static PgpObject? First(Stream input)
    {
        var packets = new PgpObjectFactory(PgpUtilities.GetDecoderStream(input));
        var first = packets.NextPgpObject();
        return first is PgpMarker ? packets.NextPgpObject() : first;
    }

    /// <summary>The content of the literal data packet, inside a compressed packet when gpg compressed it.</summary>
    private static Stream Literal(Stream clear)
    {
        var packet = new PgpObjectFactory(clear).NextPgpObject();
        if (packet is PgpCompressedData compressed)
        {
            packet = new PgpObjectFactory(compressed.GetDataStream()).NextPgpObject();
        }

        return packet is PgpLiteralData literal
            ? literal.GetInputStream()
            : throw new InvalidDataException($"the encrypted content is {packet?.GetType().Name ?? "empty"}, not a file");
    }

    /// <summary>Reads the rest of the plaintext, then compares it with the modification detection code that ends it.</summary>
    private static bool Intact(PgpPbeEncryptedData encrypted, Stream clear)
    {
        try
        {
            clear.CopyTo(Stream.Null);
            return encrypted.Verify();
        }
        catch (Exception ex) when (ex is IOException or PgpException or InvalidDataException)
        {
            return false;
        }
    }

    private static ArchiveDecryptionException Tampered() => new(DecryptionFailure.Tampered,
        "it fails its integrity check (OpenPGP MDC): it was changed or damaged since it was written; nothing from it is used");
}
