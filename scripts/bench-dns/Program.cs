// The whole VerifyDns check against one query's round trip, both to the same dnsmasq on loopback
// serving every record right, in one warm process: medians of RUNS runs each and their ratio.
using PrivateCloud.Tasks.Mail.Dkim;
using PrivateCloud.Tasks.Mail.Dns;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DnsClient;
using PrivateCloud.Tasks.Plumbing.DotEnv;
using PrivateCloud.Tasks.Mail;
using PrivateCloud.Tasks.Plumbing.Settings;

if (OperatingSystem.IsWindows())
{
    throw new PlatformNotSupportedException("The DNS benchmark runs dnsmasq: Linux only.");
}

const int RelayDelayMs = 5;
var runs = int.Parse(Environment.GetEnvironmentVariable("RUNS") ?? "50", CultureInfo.InvariantCulture);
var work = Directory.CreateTempSubdirectory("bench-dns-");
Process? dnsmasq = null;
try
{
    var env = DotEnvParser.Parse(
        "TOP_DOMAIN=example.test\nMAIL_DOMAIN=mail.example.test\nDAV_DOMAIN=dav.example.test\nCLOUD_DOMAIN=cloud.example.test\n"
        + "GIT_DOMAIN=git.example.test\nDKIM_SELECTOR=sel\nMAIL_HOST_IP=192.0.2.25\n",
        "bench.env");
    var variables = new StackVariables(env.Entries.ToDictionary(e => e.Key, e => (e.Value, $"bench.env:{e.Line}")));
    var settings = new MailSettings(10, "none", null, IPAddress.Parse("192.0.2.80"), null, TimeSpan.FromSeconds(2));
    var dkim = DkimKeyStore.Ensure(Path.Combine(work.FullName, "dkim.key")).TxtValue;
    var records = MailDnsRecordSet.Create(new RequiredVariables(variables, "bench.env", "bench"), variables, dkim, settings);

    var port = FreeUdpPort();
    var server = new IPEndPoint(IPAddress.Loopback, port);
    dnsmasq = Process.Start(new ProcessStartInfo("dnsmasq",
    [
        "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--no-poll", "--pid-file=", "--user=root",
        "--listen-address=127.0.0.1", "--bind-interfaces", $"--port={port}", "--local=/example.test/", "--local=/2.0.192.in-addr.arpa/",
        .. records.Select(DnsmasqOption),
    ]) { RedirectStandardError = true })!;

    await WaitUntilAnswering(new LookupClient(new LookupClientOptions(server) { Timeout = TimeSpan.FromMilliseconds(200), Retries = 0, UseCache = false }));

    var checks = await new DnsVerifier(server, TimeSpan.FromSeconds(2)).VerifyAsync(records);
    if (checks.Any(check => check.Status != DnsCheckStatus.Ok))
    {
        throw new InvalidOperationException("dnsmasq does not serve every record right: "
            + string.Join(", ", checks.Where(c => c.Status != DnsCheckStatus.Ok).Select(c => $"{c.Record.Type} {c.Record.Name} {c.Status}")));
    }

    var direct = await Measure(server, records, runs);
    using var relay = new DelayRelay(server, TimeSpan.FromMilliseconds(RelayDelayMs));
    var relayed = await Measure(relay.EndPoint, records, runs);

    Console.WriteLine($"runs each: {runs}; records checked: {records.Count}; machine load: {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores");
    Report("dnsmasq on loopback", direct);
    Report($"through a relay adding {RelayDelayMs} ms each way (a nearby server)", relayed);
}
finally
{
    if (dnsmasq is { HasExited: false })
    {
        dnsmasq.Kill();
        dnsmasq.WaitForExit();
    }

    work.Delete(recursive: true);
}

static async Task<(double Single, double Whole, double Sequential)> Measure(IPEndPoint server, IReadOnlyList<DnsRecord> records, int runs)
{
    var verifier = new DnsVerifier(server, TimeSpan.FromSeconds(2));
    var client = new LookupClient(new LookupClientOptions(server) { Timeout = TimeSpan.FromSeconds(2), Retries = 0, UseCache = false });

    // Warm both paths (JIT, sockets) before timing.
    for (var i = 0; i < 10; i++)
    {
        await client.QueryAsync("example.test", QueryType.MX);
        await verifier.VerifyAsync(records);
    }

    var single = new List<double>();
    var whole = new List<double>();
    var sequential = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        var watch = Stopwatch.StartNew();
        await client.QueryAsync("example.test", QueryType.MX);
        single.Add(watch.Elapsed.TotalMicroseconds);

        watch.Restart();
        await verifier.VerifyAsync(records);
        whole.Add(watch.Elapsed.TotalMicroseconds);

        watch.Restart();
        foreach (var record in records)
        {
            await verifier.VerifyAsync([record]);
        }

        sequential.Add(watch.Elapsed.TotalMicroseconds);
    }

    return (Median(single), Median(whole), Median(sequential));
}

static void Report(string how, (double Single, double Whole, double Sequential) medians)
{
    Console.WriteLine(how + ":");
    Console.WriteLine($"  one query (MX) median:           {medians.Single:0} µs");
    Console.WriteLine($"  whole VerifyDns check median:    {medians.Whole:0} µs");
    Console.WriteLine($"  ratio (whole check / one query): {medians.Whole / medians.Single:0.00}x (goal: at most 1.5x)");
    Console.WriteLine($"  the same queries one by one:     {medians.Sequential:0} µs ({medians.Sequential / medians.Whole:0.0}x the parallel check)");
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static string DnsmasqOption(DnsRecord record)
{
    var name = record.Name.TrimEnd('.');
    var data = record.Value.Split(' ');
    return record.Type switch
    {
        "MX" => $"--mx-host={name},{data[1].TrimEnd('.')},{data[0]}",
        "TXT" => $"--txt-record={name},{string.Join(',', record.Value.Chunk(DnsRecordFormatter.MaxTxtString).Select(c => new string(c)))}",
        "CAA" => $"--dns-rr={name},257,00{data[1].Length:x2}{Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes(data[1] + data[2].Trim('"'))).ToLowerInvariant()}",
        "SRV" => $"--srv-host={name},{data[3].TrimEnd('.')},{data[2]},{data[0]},{data[1]}",
        "A" or "AAAA" => $"--host-record={name},{record.Value}",
        "PTR" => $"--ptr-record={name},{record.Value.TrimEnd('.')}",
        _ => throw new InvalidOperationException($"No dnsmasq option for {record.Type}"),
    };
}

static int FreeUdpPort()
{
    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    return ((IPEndPoint)socket.LocalEndPoint!).Port;
}

static async Task WaitUntilAnswering(LookupClient client)
{
    for (var attempt = 0; attempt < 100; attempt++)
    {
        try
        {
            await client.QueryAsync("example.test", QueryType.MX);
            return;
        }
        catch (DnsResponseException)
        {
            await Task.Delay(100);
        }
    }

    throw new InvalidOperationException("dnsmasq did not answer");
}

/// <summary>
/// Forwards UDP datagrams to the server and back, each held for the delay: the latency of a
/// network between the client and a nearby DNS server, which loopback lacks (and this machine
/// has no netem to add).
/// </summary>
internal sealed class DelayRelay : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _server;
    private readonly TimeSpan _delay;
    private readonly CancellationTokenSource _stop = new();

    public DelayRelay(IPEndPoint server, TimeSpan delay)
    {
        _server = server;
        _delay = delay;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _ = Task.Run(ListenAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
    }

    private async Task ListenAsync()
    {
        var buffer = new byte[4096];
        while (!_stop.IsCancellationRequested)
        {
            var received = await _listener.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            var query = buffer[..received.ReceivedBytes];
            _ = ForwardAsync(query, (IPEndPoint)received.RemoteEndPoint);
        }
    }

    private async Task ForwardAsync(byte[] query, IPEndPoint client)
    {
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        upstream.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await Task.Delay(_delay);
        await upstream.SendToAsync(query, _server);
        var answer = new byte[4096];
        var received = await upstream.ReceiveAsync(answer);
        await Task.Delay(_delay);
        await _listener.SendToAsync(answer.AsMemory(0, received), client);
    }
}
