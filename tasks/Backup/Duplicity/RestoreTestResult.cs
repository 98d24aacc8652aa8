namespace PrivateCloud.Tasks.Backup.Duplicity;

/// <summary>
/// What RestoreTest found: each restored file's SHA-256 against the live copy's. <see cref="Mismatches"/> names
/// files that differ, exist only in the backup, or only live. <see cref="TemporaryDirectory"/> was removed.
/// </summary>
public sealed record RestoreTestResult(bool Passed, string Summary, int FilesCompared, IReadOnlyList<string> Mismatches, string? TemporaryDirectory);
