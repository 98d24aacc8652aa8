using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Backup;

/// <summary>What ColdStorage uploads or moves, and the S3 service it talks to.</summary>
public sealed record ColdStorageSettings(string? Endpoint, string Region, string? File, string? StorageClass, string? MoveToClass, string? Object)
{
    public static readonly Setting S3Endpoint = new(
        "s3-endpoint", "The S3 service ColdStorage talks to, e.g. https://s3.fr-par.scw.cloud; AWS when not given.")
    {
        ReadBy = [nameof(ColdStorage)],
    };

    public static readonly Setting S3Region = new("s3-region", "The S3 region.", "us-east-1")
    {
        ReadBy = [nameof(ColdStorage)],
    };

    public static readonly Setting FileSetting = new("file", "The local OpenPGP-encrypted file ColdStorage uploads to --object.")
    {
        ReadBy = [nameof(ColdStorage)],
    };

    public static readonly Setting StorageClassSetting = new("storage-class", "The storage class of ColdStorage's upload, e.g. GLACIER.")
    {
        ReadBy = [nameof(ColdStorage)],
    };

    public static readonly Setting MoveToClassSetting = new("move-to-class", "ColdStorage changes --object's storage class to this one, in place.")
    {
        ReadBy = [nameof(ColdStorage)],
    };

    public static readonly Setting ObjectSetting = new("object", "The s3://bucket/key ColdStorage uploads --file to, or whose class --move-to-class changes.")
    {
        ReadBy = [nameof(ColdStorage)],
    };

    public static IReadOnlyList<Setting> Definitions { get; } =
        [S3Endpoint, S3Region, FileSetting, StorageClassSetting, MoveToClassSetting, ObjectSetting];

    public static ColdStorageSettings Read(SettingSources sources) => new(
        sources.Get(S3Endpoint),
        sources.Get(S3Region)!,
        sources.Find(FileSetting) is { } file ? Path.GetFullPath(SettingPaths.Expand(file.Value)) : null,
        sources.Get(StorageClassSetting),
        sources.Get(MoveToClassSetting),
        sources.Get(ObjectSetting));
}
