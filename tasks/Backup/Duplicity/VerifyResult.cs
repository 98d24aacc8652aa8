namespace PrivateCloud.Tasks.Backup.Duplicity;

/// <summary>VerifyBackup's verdict: passed only when duplicity's exit status and its summary both say the data matches.</summary>
public sealed record VerifyResult(bool Passed, string Summary, IReadOnlyList<string> Differences, int FilesCompared, bool Corrupted);
