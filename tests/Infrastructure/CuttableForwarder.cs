using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PrivateCloud.Tests.Infrastructure;

/// <summary>
/// A byte-for-byte forwarder between a client and a real server (sshd over TCP, dockerd over its
/// unix socket) that the test can cut: at once, after a number of bytes the client sent, or when the
/// client sends a given text (an HTTP request line to the engine). Cut means every open connection
/// is closed on both sides and every new one is closed as soon as it is accepted: to the client the
/// server is gone, while the real server keeps running for everyone else. Frozen means nothing
/// moves either way but every connection stays open, as when a laptop sleeps or its network goes
/// without a word: neither side learns of it until it gives up by itself.
/// </summary>
public sealed class CuttableForwarder : IDisposable
{
    private readonly Socket _listener;
    private readonly EndPoint _target;
    private readonly List<(Socket Client, Socket Server)> _open = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private long _clientBytes;
    private long? _cutAfterBytes;
    private string[] _cutOnTexts = [];
    private string _recentText = string.Empty;
    private bool _cut;
    private TaskCompletionSource _thawed = Thawed();

    private CuttableForwarder(Socket listener, EndPoint target)
    {
        _listener = listener;
        _target = target;
        _ = AcceptLoop();
    }

    /// <summary>Listens on 127.0.0.1 (a free port) and forwards to <paramref name="port"/> there.</summary>
    public static CuttableForwarder Tcp(int port)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        return new CuttableForwarder(listener, new IPEndPoint(IPAddress.Loopback, port));
    }

    /// <summary>Listens on the unix socket <paramref name="path"/> and forwards to the one at <paramref name="target"/>.</summary>
    public static CuttableForwarder Unix(string path, string target)
    {
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        return new CuttableForwarder(listener, new UnixDomainSocketEndPoint(target));
    }

    /// <summary>The TCP port clients connect to.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    /// <summary>Bytes the clients sent so far, over every connection.</summary>
    public long ClientBytes => Interlocked.Read(ref _clientBytes);

    public bool IsCut
    {
        get
        {
            lock (_gate)
            {
                return _cut;
            }
        }
    }

    /// <summary>Cuts once the clients sent more than <paramref name="bytes"/> bytes in all (counting from now).</summary>
    public void CutAfterClientBytes(long bytes)
    {
        lock (_gate)
        {
            _cutAfterBytes = ClientBytes + bytes;
        }
    }

    /// <summary>Cuts as soon as a client sends one of <paramref name="texts"/> (ASCII), before it reaches the server.</summary>
    public void CutOnClientText(params string[] texts)
    {
        lock (_gate)
        {
            _cutOnTexts = texts;
            _recentText = string.Empty;
        }
    }

    /// <summary>Closes every connection now and every new one from now on.</summary>
    public void Cut()
    {
        List<(Socket Client, Socket Server)> open;
        lock (_gate)
        {
            _cut = true;
            open = [.. _open];
            _open.Clear();
        }

        foreach (var (client, server) in open)
        {
            client.Dispose();
            server.Dispose();
        }
    }

    /// <summary>Holds every byte either side sends from now on, closing nothing, until <see cref="Restore"/>.</summary>
    public void Freeze()
    {
        lock (_gate)
        {
            if (_thawed.Task.IsCompleted)
            {
                _thawed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Forwards again, with no cut pending and what a freeze held delivered.</summary>
    public void Restore()
    {
        lock (_gate)
        {
            _cut = false;
            _cutAfterBytes = null;
            _cutOnTexts = [];
            _thawed.TrySetResult();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        Cut();
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Forward(client);
        }
    }

    private async Task Forward(Socket client)
    {
        var server = new Socket(_target.AddressFamily, SocketType.Stream, _target.AddressFamily == AddressFamily.Unix ? ProtocolType.Unspecified : ProtocolType.Tcp);
        lock (_gate)
        {
            if (_cut)
            {
                client.Dispose();
                server.Dispose();
                return;
            }

            _open.Add((client, server));
        }

        try
        {
            await server.ConnectAsync(_target, _stop.Token);
            await Task.WhenAll(Pump(client, server, fromClient: true), Pump(server, client, fromClient: false));
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Cut, or one side went away: both are closed below.
        }
        finally
        {
            lock (_gate)
            {
                _open.Remove((client, server));
            }

            client.Dispose();
            server.Dispose();
        }
    }

    private async Task Pump(Socket from, Socket to, bool fromClient)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            if (read == 0)
            {
                to.Shutdown(SocketShutdown.Send);
                return;
            }

            if (fromClient && CutsNow(buffer.AsSpan(0, read)))
            {
                Cut();
                return;
            }

            await WhileFrozen();
            await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
        }
    }

    private static TaskCompletionSource Thawed()
    {
        var thawed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        thawed.SetResult();
        return thawed;
    }

    private Task WhileFrozen()
    {
        lock (_gate)
        {
            return _thawed.Task.WaitAsync(_stop.Token);
        }
    }

    private bool CutsNow(ReadOnlySpan<byte> sent)
    {
        var total = Interlocked.Add(ref _clientBytes, sent.Length);
        lock (_gate)
        {
            if (_cutAfterBytes is { } limit && total > limit)
            {
                return true;
            }

            if (_cutOnTexts.Length == 0)
            {
                return false;
            }

            // A text may straddle two reads: keep the tail of the previous one.
            var window = _recentText + Encoding.Latin1.GetString(sent);
            var longest = _cutOnTexts.Max(text => text.Length);
            _recentText = window.Length < longest ? window : window[^(longest - 1)..];
            return _cutOnTexts.Any(text => window.Contains(text, StringComparison.Ordinal));
        }
    }
}
