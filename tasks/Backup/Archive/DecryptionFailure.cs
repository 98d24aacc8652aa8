namespace PrivateCloud.Tasks.Backup.Archive;

public enum DecryptionFailure
{
    /// <summary>Not an OpenPGP message encrypted with a passphrase.</summary>
    NotEncrypted,

    /// <summary>Encrypted without the MDC: a change would go unnoticed, so it is not read.</summary>
    NotIntegrityProtected,

    /// <summary>The passphrase yields no key that opens it.</summary>
    WrongPassphrase,

    /// <summary>The integrity check failed: the ciphertext was changed or damaged.</summary>
    Tampered,
}
