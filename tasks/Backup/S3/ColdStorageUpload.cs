namespace PrivateCloud.Tasks.Backup.S3;

/// <summary>What an upload did: one PUT (<see cref="Parts"/> = 1) or a multipart upload of that many parts.</summary>
public sealed record ColdStorageUpload(S3Location Object, long Size, long PartSize, int Parts, string? StorageClass);
