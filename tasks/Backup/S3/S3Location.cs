using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Backup.S3;

/// <summary>An object's address, <c>s3://bucket/key</c>, as s3cmd and the install guide write it.</summary>
public sealed record S3Location(string Bucket, string Key)
{
    private const string Scheme = "s3://";

    public static S3Location Parse(string value, string origin)
    {
        var slash = value.StartsWith(Scheme, StringComparison.Ordinal) ? value.IndexOf('/', Scheme.Length) : -1;
        return slash > Scheme.Length && slash < value.Length - 1
            ? new S3Location(value[Scheme.Length..slash], value[(slash + 1)..])
            : throw new BuildInputException($"{origin}: '{value}' is not an object address like s3://bucket/path/file.tar.gz.");
    }

    public override string ToString() => Scheme + Bucket + "/" + Key;
}
