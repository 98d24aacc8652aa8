using Amazon.Runtime;
using Amazon.S3;
using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Backup.S3;

/// <summary>An S3 client for --s3-endpoint (AWS when none) with the keys from the environment or .env.</summary>
public static class S3ClientFactory
{
    public static IAmazonS3 Create(ColdStorageSettings settings, string? accessKey, string? secretKey)
    {
        if (string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey))
        {
            throw new BuildInputException(
                $"ColdStorage needs the S3 keys: set {BackupSettings.S3AccessKeySetting.EnvironmentVariable} and {BackupSettings.S3SecretKeySetting.EnvironmentVariable} (environment or .env).");
        }

        var config = new AmazonS3Config
        {
            AuthenticationRegion = settings.Region,
            // Checksums only where S3 requires them: the newer default trailers are unknown to many S3-compatible services.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (settings.Endpoint is { } endpoint)
        {
            // S3-compatible services (Scaleway, MinIO, …) address buckets by path, not by DNS name.
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(settings.Region);
        }

        return new AmazonS3Client(new BasicAWSCredentials(accessKey, secretKey), config);
    }
}
