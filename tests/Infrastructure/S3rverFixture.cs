using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PrivateCloud.Tests.Infrastructure;

/// <summary>
/// s3rver (npm), an S3-compatible server, on 127.0.0.1 for one test class, storing into a temp folder,
/// with <see cref="Bucket"/> created. A stand-in for a real S3 service in one respect: s3rver 3.7 checks
/// the access key id but not signatures (it skips SigV4 and builds the SigV2 string to sign without the
/// Date header, refusing every correct V2 signature), so it runs with --allow-mismatched-signatures.
/// And it reads x-amz-copy-source with decodeURI, which leaves the %2F that AWS SDKs send between
/// bucket and key (S3 accepts it): a preloaded shim decodes that header fully before s3rver sees it.
/// </summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";
    public const string Bucket = "private-cloud-test";

    /// <summary>Where .ci/run installs it (npm install s3rver); S3RVER_HOME overrides.</summary>
    public static string Home => Environment.GetEnvironmentVariable("S3RVER_HOME") ?? "/var/cache/privatecloud-test/s3rver";

    private static string Script => Path.Combine(Home, "node_modules", "s3rver", "bin", "s3rver.js");

    private readonly List<Process> _servers = [];
    private readonly List<string> _log = [];

    public string Folder { get; } = Directory.CreateTempSubdirectory("s3rver-fixture-").FullName;

    public bool Available => File.Exists(Script) && Requires.Executable("node");

    public string Endpoint { get; private set; } = string.Empty;

    /// <summary>Where the server keeps the bucket's objects, to check what arrived.</summary>
    public string BucketFolder => Path.Combine(Folder, "data", Bucket);

    /// <summary>The requests and errors s3rver logged, one entry a line.</summary>
    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_log)
            {
                return [.. _log];
            }
        }
    }

    public void Require() => Requires.That(Available, $"s3rver is needed: node and {Script} (npm install s3rver in {Home})");

    public async ValueTask InitializeAsync()
    {
        if (!Available)
        {
            return;
        }

        Endpoint = await Start("data", "--allow-mismatched-signatures");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }

            server.Dispose();
        }

        Directory.Delete(Folder, recursive: true);
    }

    private const string CopySourceShim = """
        const http = require('http');
        const emit = http.Server.prototype.emit;
        http.Server.prototype.emit = function (event, request, ...rest) {
          if (event === 'request' && request.headers['x-amz-copy-source']) {
            request.headers['x-amz-copy-source'] = decodeURIComponent(request.headers['x-amz-copy-source']);
          }
          return emit.call(this, event, request, ...rest);
        };
        """;

    private async Task<string> Start(string name, params string[] extra)
    {
        var port = FreePort();
        var shim = Path.Combine(Folder, "copy-source-shim.js");
        await File.WriteAllTextAsync(shim, CopySourceShim);
        var data = Path.Combine(Folder, name);
        Directory.CreateDirectory(data);
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--require", shim, Script, "-d", data, "-a", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "--no-vhost-buckets", "--configure-bucket", Bucket }.Concat(extra))
        {
            start.ArgumentList.Add(argument);
        }

        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = new Process { StartInfo = start, EnableRaisingEvents = true };
        var output = _log;
        server.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.Add(e.Data);
                }
            }
        };
        server.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.Add(e.Data);
            }

            if (e.Data.Contains("listening on", StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
        };
        server.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"s3rver exited at start: {string.Join(" | ", output)}"));
        server.Start();
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        _servers.Add(server);
        await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
