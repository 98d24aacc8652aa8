namespace PrivateCloud.Tasks.Backup.Duplicity;

/// <summary>What <c>duplicity verify</c> printed: its summary line (null when there was none) and the differences it named.</summary>
public sealed record VerifySummary(int? FilesCompared, int? DifferencesFound, IReadOnlyList<string> Differences, bool HashMismatch);
