using Amazon.S3;
using Amazon.S3.Model;

namespace PrivateCloud.Tasks.Backup.S3;

/// <summary>
/// Replaces the install guide's s3cmd commands: puts a file into a bucket (multipart when it is larger
/// than one part, with <see cref="PartSize"/> keeping the part count under the limit), optionally in a
/// storage class, and moves an existing object to another class in place.
/// </summary>
public sealed class ColdStorageClient(IAmazonS3 s3)
{
    public async Task<ColdStorageUpload> UploadAsync(string file, S3Location to, string? storageClass, CancellationToken cancellation = default)
    {
        var size = new FileInfo(file).Length;
        var partSize = PartSize.For(size);
        var parts = PartSize.Count(size, partSize);
        if (parts == 1)
        {
            var put = new PutObjectRequest { BucketName = to.Bucket, Key = to.Key, FilePath = file, UseChunkEncoding = false };
            if (storageClass is not null)
            {
                put.StorageClass = S3StorageClass.FindValue(storageClass);
            }

            await s3.PutObjectAsync(put, cancellation);
            return new ColdStorageUpload(to, size, partSize, 1, storageClass);
        }

        var initiate = new InitiateMultipartUploadRequest { BucketName = to.Bucket, Key = to.Key };
        if (storageClass is not null)
        {
            initiate.StorageClass = S3StorageClass.FindValue(storageClass);
        }

        var upload = await s3.InitiateMultipartUploadAsync(initiate, cancellation);
        try
        {
            var etags = new List<PartETag>();
            for (var number = 1; number <= parts; number++)
            {
                var response = await s3.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = to.Bucket,
                    Key = to.Key,
                    UploadId = upload.UploadId,
                    PartNumber = number,
                    FilePath = file,
                    FilePosition = (number - 1) * partSize,
                    PartSize = Math.Min(partSize, size - ((number - 1) * partSize)),
                    // The payload's hash is signed whole: S3-compatible services do not all read aws-chunked bodies.
                    UseChunkEncoding = false,
                }, cancellation);
                etags.Add(new PartETag(number, response.ETag));
            }

            await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = to.Bucket,
                Key = to.Key,
                UploadId = upload.UploadId,
                PartETags = etags,
            }, cancellation);
        }
        catch
        {
            // An unfinished multipart upload keeps its parts (and their cost) until aborted.
            await s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = to.Bucket, Key = to.Key, UploadId = upload.UploadId }, CancellationToken.None);
            throw;
        }

        return new ColdStorageUpload(to, size, partSize, parts, storageClass);
    }

    /// <summary>
    /// Copies the object onto itself in the new class, as the guide's <c>s3cmd cp … --storage-class</c> did;
    /// returns false when it already is in that class. The copy replaces the metadata (some S3-compatible
    /// services refuse an in-place copy otherwise), so the object's content type and user metadata are
    /// read first and sent again.
    /// </summary>
    public async Task<bool> MoveToClassAsync(S3Location location, string storageClass, CancellationToken cancellation = default)
    {
        var head = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = location.Bucket, Key = location.Key }, cancellation);
        if (string.Equals(ClassOf(head), storageClass, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var copy = new CopyObjectRequest
        {
            SourceBucket = location.Bucket,
            SourceKey = location.Key,
            DestinationBucket = location.Bucket,
            DestinationKey = location.Key,
            StorageClass = S3StorageClass.FindValue(storageClass),
            MetadataDirective = S3MetadataDirective.REPLACE,
            ContentType = head.Headers.ContentType,
        };
        foreach (var key in head.Metadata.Keys)
        {
            copy.Metadata.Add(key, head.Metadata[key]);
        }

        await s3.CopyObjectAsync(copy, cancellation);
        return true;
    }

    /// <summary>The object's class; S3 leaves the header out for STANDARD.</summary>
    public async Task<string> StorageClassOfAsync(S3Location location, CancellationToken cancellation = default)
    {
        var metadata = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = location.Bucket, Key = location.Key }, cancellation);
        return ClassOf(metadata);
    }

    private static string ClassOf(GetObjectMetadataResponse metadata) =>
        metadata.StorageClass?.Value is { Length: > 0 } value ? value : S3StorageClass.Standard.Value;
}
