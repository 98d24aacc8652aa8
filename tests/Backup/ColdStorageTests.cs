using Amazon.S3.Model;
using PrivateCloud.Tasks.Backup;
using PrivateCloud.Tasks.Backup.Archive;
using PrivateCloud.Tasks.Backup.Duplicity;
using PrivateCloud.Tasks.Backup.S3;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Secrets;
using PrivateCloud.Tests.Infrastructure;
using S3Location = PrivateCloud.Tasks.Backup.S3.S3Location;

namespace PrivateCloud.Tests.Backup;

/// <summary>
/// ColdStorage's S3 client and duplicity's s3:// backend against s3rver, an S3-compatible server from
/// npm, on loopback (it checks access key ids, not signatures: see <see cref="S3rverFixture"/>).
/// </summary>
public sealed class ColdStorageTests(S3rverFixture s3, SshServerFixture server) : IClassFixture<S3rverFixture>, IClassFixture<SshServerFixture>, IDisposable
{
    private readonly TemporaryDirectory _work = new();

    public void Dispose() => _work.Dispose();

    private ColdStorageClient Client()
    {
        s3.Require();
        return new ColdStorageClient(S3ClientFactory.Create(
            new ColdStorageSettings(s3.Endpoint, "us-east-1", null, null, null, null), S3rverFixture.AccessKey, S3rverFixture.SecretKey));
    }

    private string File(string name, int bytes)
    {
        var path = _work.Combine(name);
        var content = new byte[bytes];
        new Random(bytes).NextBytes(content);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    [Theory]
    [InlineData(1L, 5L * 1024 * 1024, 1)]
    [InlineData(12L * 1024 * 1024, 5L * 1024 * 1024, 3)]
    [InlineData(50L * 1024 * 1024 * 1024, 52L * 1024 * 1024, 985)]
    [InlineData(5L * 1024 * 1024 * 1024 * 1024, 5243L * 1024 * 1024, 1000)]
    public void The_part_size_keeps_the_part_count_within_the_limit(long size, long partSize, int parts)
    {
        Assert.Equal(partSize, PartSize.For(size));
        Assert.Equal(parts, PartSize.Count(size, PartSize.For(size)));
        Assert.InRange(PartSize.Count(size, PartSize.For(size)), 1, PartSize.MaxParts);
    }

    [Fact]
    public async Task A_small_file_goes_up_in_one_put_in_the_class_asked_for()
    {
        var client = Client();
        var file = File("secrets.tar.gz", 4096);
        var to = new S3Location(S3rverFixture.Bucket, "archives/secrets.tar.gz");

        var upload = await client.UploadAsync(file, to, "GLACIER", TestContext.Current.CancellationToken);

        Assert.Equal(1, upload.Parts);
        Assert.Equal("GLACIER", await client.StorageClassOfAsync(to, TestContext.Current.CancellationToken));
        Assert.Equal(System.IO.File.ReadAllBytes(file), await Download(to));
    }

    [Fact]
    public async Task A_larger_file_goes_up_in_parts_and_arrives_whole()
    {
        var client = Client();
        var file = File("large.bin", (12 * 1024 * 1024) + 123);
        var to = new S3Location(S3rverFixture.Bucket, "archives/large.bin");

        var upload = await client.UploadAsync(file, to, null, TestContext.Current.CancellationToken);

        Assert.Equal(3, upload.Parts);
        Assert.Equal(5L * 1024 * 1024, upload.PartSize);
        Assert.Equal(System.IO.File.ReadAllBytes(file), await Download(to));
        Assert.Equal(3, s3.Log.Count(line => line.Contains("/large.bin?partNumber=", StringComparison.Ordinal) && line.Contains(" 200 ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_object_moves_to_another_class_in_place_keeping_its_content_type_once()
    {
        var client = Client();
        var to = new S3Location(S3rverFixture.Bucket, "move-me.tar.gz");
        using var s3Client = S3ClientFactory.Create(new ColdStorageSettings(s3.Endpoint, "us-east-1", null, null, null, null), S3rverFixture.AccessKey, S3rverFixture.SecretKey);
        await s3Client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = to.Bucket, Key = to.Key, ContentBody = "archive", ContentType = "application/gzip", UseChunkEncoding = false,
        }, TestContext.Current.CancellationToken);

        var moved = await client.MoveToClassAsync(to, "GLACIER", TestContext.Current.CancellationToken).ContinueWith(
            task => task.IsFaulted ? throw new InvalidOperationException(string.Join("\n", s3.Log), task.Exception) : task.Result, TestContext.Current.CancellationToken);
        var again = await client.MoveToClassAsync(to, "GLACIER", TestContext.Current.CancellationToken);

        Assert.True(moved);
        Assert.False(again);
        var head = await s3Client.GetObjectMetadataAsync(to.Bucket, to.Key, TestContext.Current.CancellationToken);
        Assert.Equal("GLACIER", head.StorageClass.Value);
        Assert.Equal("application/gzip", head.Headers.ContentType);
        Assert.Equal("archive", System.Text.Encoding.UTF8.GetString(await Download(to)));
    }

    [Fact]
    public async Task An_unknown_access_key_is_refused_by_the_server()
    {
        s3.Require();
        var client = new ColdStorageClient(S3ClientFactory.Create(
            new ColdStorageSettings(s3.Endpoint, "us-east-1", null, null, null, null), "UNKNOWN", S3rverFixture.SecretKey));

        var error = await Assert.ThrowsAsync<Amazon.S3.AmazonS3Exception>(() =>
            client.UploadAsync(File("x", 10), new S3Location(S3rverFixture.Bucket, "x"), null, TestContext.Current.CancellationToken));

        Assert.Equal("InvalidAccessKeyId", error.ErrorCode);
    }

    [Fact]
    public void ColdStorage_as_a_user_runs_it_uploads_then_moves_the_object()
    {
        s3.Require();
        var plaintext = File("secrets-cli.tar.gz", 2048);
        var file = _work.Combine("secrets-cli.tar.gz.gpg");
        using (var encrypted = System.IO.File.Create(file))
        {
            PassphraseEncryption.Encrypt(encrypted, "four random words, kept apart", "secrets-cli.tar.gz", DateTime.UtcNow,
                content => content.Write(System.IO.File.ReadAllBytes(plaintext)));
        }

        var size = new FileInfo(file).Length;
        _work.Write("stack/.env", "COMPOSE_PROJECT_NAME=coldtest\n");
        var keys = new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = S3rverFixture.AccessKey, ["AWS_SECRET_ACCESS_KEY"] = S3rverFixture.SecretKey };
        var target = $"s3://{S3rverFixture.Bucket}/cli/secrets.tar.gz";

        var upload = BuildProgram.Run(_work.Path, keys, "--stack=stack", "--target=ColdStorage", $"--s3-endpoint={s3.Endpoint}", $"--file={file}", $"--object={target}");
        var move = BuildProgram.Run(_work.Path, keys, "--stack=stack", "--target=ColdStorage", $"--s3-endpoint={s3.Endpoint}", "--move-to-class=GLACIER", $"--object={target}");
        var noKeys = BuildProgram.Run(_work.Path, null, "--stack=stack", "--target=ColdStorage", $"--s3-endpoint={s3.Endpoint}", $"--file={file}", $"--object={target}");
        var plain = BuildProgram.Run(_work.Path, keys, "--stack=stack", "--target=ColdStorage", $"--s3-endpoint={s3.Endpoint}", $"--file={plaintext}", $"--object={target}.plain");

        Assert.True(upload.ExitCode == 0, upload.ToString());
        Assert.Contains($"Uploaded {file} ({size} bytes) to {target} in 1 part(s) of 5 MiB.", upload.Output);
        Assert.Equal(2, plain.ExitCode);
        Assert.Contains(
            $"--file: {plaintext} is not OpenPGP-encrypted, and ColdStorage uploads nothing in plaintext: give the secrets-*.tar.gz.gpg ArchiveSecrets writes, or encrypt the file first (gpg --symmetric).",
            plain.Output);
        Assert.False(System.IO.File.Exists(Path.Combine(s3.BucketFolder, "cli", "secrets.tar.gz.plain._S3rver_object")), "the plaintext file was uploaded");
        Assert.True(move.ExitCode == 0, move.ToString());
        Assert.Contains($"Moved {target} to storage class GLACIER.", move.Output);
        Assert.True(System.IO.File.Exists(Path.Combine(s3.BucketFolder, "cli", "secrets.tar.gz._S3rver_object")));
        Assert.Equal(2, noKeys.ExitCode);
        Assert.Contains("ColdStorage needs the S3 keys: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", noKeys.Output);
    }

    [Fact]
    public void Duplicity_backs_up_to_s3_in_the_guides_url_form_and_verifies()
    {
        s3.Require();
        server.Require();
        Requires.That(Requires.Executable("duplicity"), "duplicity is needed (apt-get install duplicity python3-boto)");
        _work.Write("mnt/files/notes.txt", "kept in S3\n");
        _work.Write("mnt/databases/db.sql", "CREATE TABLE t (id INT);\n");
        var target = "s3://" + new Uri(s3.Endpoint).Authority + "/" + S3rverFixture.Bucket + "/duplicity";
        var options = new DuplicityOptions(target, [_work.Combine("mnt", "databases"), _work.Combine("mnt", "files")], null, NoEncryption: true)
        {
            S3Unencrypted = true,
            Secrets = new DuplicitySecrets(null, S3rverFixture.AccessKey, S3rverFixture.SecretKey),
        };
        using var session = new SshSession(server.Settings() with { CommandTimeout = TimeSpan.FromMinutes(3) });
        var log = new List<string>();
        var host = new DuplicityHost(new RemoteShell(session, new SecretRedactor(), log.Add));
        try
        {
            var backup = host.Change(options, DuplicityCommand.Backup(options));
            var verify = new BackupVerifier(host).Verify(options, 50);
            var status = new BackupStatusCheck(host).Evaluate(options, TimeSpan.FromHours(26), DateTimeOffset.UtcNow);

            Assert.True(backup.Succeeded, backup.StandardError + backup.StandardOutput);
            Assert.True(verify.Passed, verify.Summary);
            Assert.Equal(BackupState.Ok, status.State);
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(s3.BucketFolder, "duplicity"), "duplicity-full.*.vol1.difftar.gz*"));
            Assert.DoesNotContain(log, line => line.Contains(S3rverFixture.SecretKey, StringComparison.Ordinal) && line.Contains("AWS_", StringComparison.Ordinal));
        }
        finally
        {
            DuplicityCache.Remove(target);
        }
    }

    private async Task<byte[]> Download(S3Location location)
    {
        using var s3Client = S3ClientFactory.Create(new ColdStorageSettings(s3.Endpoint, "us-east-1", null, null, null, null), S3rverFixture.AccessKey, S3rverFixture.SecretKey);
        using var response = await s3Client.GetObjectAsync(location.Bucket, location.Key, TestContext.Current.CancellationToken);
        using var content = new MemoryStream();
        await response.ResponseStream.CopyToAsync(content, TestContext.Current.CancellationToken);
        return content.ToArray();
    }
}
