namespace PrivateCloud.Tasks.Backup.Archive;

/// <summary>Why an encrypted file could not be read; the message completes "&lt;file&gt;: ".</summary>
public sealed class ArchiveDecryptionException(DecryptionFailure failure, string message) : Exception(message)
{
    public DecryptionFailure Failure { get; } = failure;
}
