using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DnsClient;

namespace PrivateCloud.Tests.Infrastructure;

/// <summary>
/// A real DNS server for one test: dnsmasq on 127.0.0.1 at a free port, answering only the static
/// records it was started with (<c>--txt-record</c>, <c>--mx-host</c>, <c>--srv-host</c>,
/// <c>--host-record</c>, <c>--ptr-record</c>, <c>--dns-rr</c> for CAA), with NXDOMAIN for any other
/// name of its local domains and no upstream server at all.
/// </summary>
public sealed class DnsmasqServer : IDisposable
{
    public const string Path = "/usr/sbin/dnsmasq";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();

    private DnsmasqServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    /// <summary>What dnsmasq logged, queries included.</summary>
    public string Log => string.Join('\n', _log);

    public static void Require() =>
        Requires.That(File.Exists(Path), $"dnsmasq ({Path}) is needed for the DNS tests (apt-get install dnsmasq)");

    /// <param name="localDomains">Domains dnsmasq answers for itself: unknown names there get NXDOMAIN.</param>
    /// <param name="records">dnsmasq options that define records, e.g. <c>--mx-host=example.test,mail.example.test,10</c>.</param>
    public static DnsmasqServer Start(IReadOnlyList<string> localDomains, IReadOnlyList<string> records)
    {
        Require();
        var port = FreePort();
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var option in (string[])[
                     "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--no-poll", "--pid-file=",
                     "--listen-address=127.0.0.1", "--bind-interfaces", $"--port={port}", "--user=root", "--log-queries", "--log-facility=-",
                     .. localDomains.Select(domain => $"--local=/{domain}/"),
                     .. records])
        {
            start.ArgumentList.Add(option);
        }

        var process = Process.Start(start)!;
        var server = new DnsmasqServer(process, port);
        process.ErrorDataReceived += (_, line) => server.Collect(line.Data);
        process.OutputDataReceived += (_, line) => server.Collect(line.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        server.WaitUntilAnswering(localDomains[0]);
        return server;
    }

    /// <summary>
    /// The TXT option for a value split into the given character-strings. On the command line
    /// dnsmasq takes quotes literally, so the strings go unquoted and must not hold a comma.
    /// </summary>
    public static string TxtRecord(string name, params string[] strings) =>
        strings.Any(s => s.Contains(',')) ? throw new ArgumentException("dnsmasq splits TXT strings at commas.", nameof(strings))
            : $"--txt-record={name},{string.Join(',', strings)}";

    /// <summary>A CAA record (type 257) in dnsmasq's raw form: flags, tag length, tag, value.</summary>
    public static string CaaRecord(string name, int flags, string tag, string value) =>
        $"--dns-rr={name},257,{flags:x2}{tag.Length:x2}{Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes(tag + value)).ToLowerInvariant()}";

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _log.Enqueue(line);
        }
    }

    private void WaitUntilAnswering(string domain)
    {
        var client = new LookupClient(new LookupClientOptions(EndPoint) { Timeout = TimeSpan.FromMilliseconds(200), Retries = 0, UseCache = false });
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < StartTimeout && !_process.HasExited)
        {
            try
            {
                client.Query(domain, QueryType.SOA);
                return;
            }
            catch (DnsResponseException)
            {
                Thread.Sleep(100);
            }
        }

        throw new InvalidOperationException($"dnsmasq did not answer on port {Port}:\n{Log}");
    }

    /// <summary>A port free for both UDP and TCP on loopback right now.</summary>
    private static int FreePort()
    {
        while (true)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            try
            {
                using var tcp = new TcpListener(IPAddress.Loopback, port);
                tcp.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken for TCP: try another.
            }
        }
    }
}
