using System.Net;
using System.Net.Sockets;
using PrivateCloud.Tasks.Remote;
using PrivateCloud.Tasks.Secrets;

namespace PrivateCloud.Tests.Host;

/// <summary>A dry-run shell aimed at a port where nothing listens: connecting at all would fail the test.</summary>
internal sealed class DryRunShell : IDisposable
{
    public DryRunShell(List<string> log)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        Session = new SshSession(new SshSettings
        {
            Target = new SshTarget("root", "127.0.0.1", Port),
            KeyFile = "/nonexistent/key",
            KnownHostsFile = "/nonexistent/known_hosts",
            DryRun = true,
        });
        Shell = new RemoteShell(Session, new SecretRedactor(), log.Add);
    }

    public int Port { get; }

    public SshSession Session { get; }

    public RemoteShell Shell { get; }

    /// <summary>What the shell logs for <paramref name="command"/> in dry-run.</summary>
    public string Line(string command) => $"[dry-run] would run on root@127.0.0.1:{Port}: {command}";

    public void Dispose() => Session.Dispose();
}
