using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Backup.Archive;
using PrivateCloud.Tasks.Backup.S3;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Backup;

[TaskName(nameof(ColdStorage))]
[TaskCategory(TaskCategories.Backup)]
[TaskDescription("Uploads the OpenPGP-encrypted --file (never a plaintext one) to --object=s3://bucket/key (multipart, in --storage-class), or moves --object to --move-to-class in place; endpoint and keys from the settings.")]
[ThisMachineOnly]
public sealed class ColdStorage : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var backup = context.Settings.Backup;
        var settings = backup.ColdStorage;
        var client = context.Services.ColdStorage;
        if (settings.MoveToClass is { } storageClass)
        {
            var location = S3Location.Parse(settings.Object ?? throw new BuildInputException(
                $"{ColdStorageSettings.MoveToClassSetting.Option} needs {ColdStorageSettings.ObjectSetting.Option}=s3://bucket/key, the object to move."), ColdStorageSettings.ObjectSetting.Option);
            if (context.DryRun)
            {
                context.Log.Information("[dry-run] would move {0} from class {1} to {2}.", location, client.StorageClassOfAsync(location).GetAwaiter().GetResult(), storageClass);
                return;
            }

            var moved = client.MoveToClassAsync(location, storageClass).GetAwaiter().GetResult();
            context.Log.Information(moved ? "Moved {0} to storage class {1}." : "{0} already is in storage class {1}: nothing to change.", location, storageClass);
            return;
        }

        var file = settings.File ?? throw new BuildInputException(
            $"ColdStorage needs {ColdStorageSettings.FileSetting.Option}=<file> {ColdStorageSettings.ObjectSetting.Option}=s3://bucket/key to upload, or {ColdStorageSettings.MoveToClassSetting.Option}=<class> {ColdStorageSettings.ObjectSetting.Option}=s3://bucket/key.");
        if (!File.Exists(file))
        {
            throw new BuildInputException($"{ColdStorageSettings.FileSetting.Option}: {file} does not exist.");
        }

        if (!PassphraseEncryption.IsEncrypted(file))
        {
            // Cold storage is someone else's disk, kept for years: what goes there is encrypted first.
            throw new BuildInputException(
                $"{ColdStorageSettings.FileSetting.Option}: {file} is not OpenPGP-encrypted, and ColdStorage uploads nothing in plaintext: " +
                "give the secrets-*.tar.gz.gpg ArchiveSecrets writes, or encrypt the file first (gpg --symmetric).");
        }

        var to = S3Location.Parse(settings.Object ?? throw new BuildInputException(
            $"ColdStorage needs {ColdStorageSettings.ObjectSetting.Option}=s3://bucket/key: where to upload {file}."), ColdStorageSettings.ObjectSetting.Option);
        var size = new FileInfo(file).Length;
        if (context.DryRun)
        {
            var partSize = PartSize.For(size);
            context.Log.Information("[dry-run] would upload {0} ({1} bytes) to {2} in {3} part(s) of {4} MiB{5}.",
                file, size, to, PartSize.Count(size, partSize), partSize / (1024 * 1024), settings.StorageClass is null ? string.Empty : $", class {settings.StorageClass}");
            return;
        }

        var upload = client.UploadAsync(file, to, settings.StorageClass).GetAwaiter().GetResult();
        context.Log.Information("Uploaded {0} ({1} bytes) to {2} in {3} part(s) of {4} MiB{5}.",
            file, upload.Size, upload.Object, upload.Parts, upload.PartSize / (1024 * 1024), upload.StorageClass is null ? string.Empty : $", class {upload.StorageClass}");
    }
}
