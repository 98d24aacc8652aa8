namespace PrivateCloud.Tasks.Plumbing.Remote;

/// <summary>
/// The run's single connection to the target: opened on first use and shared by every command
/// after it, so a run pays for one handshake. Not opened at all when nothing needs the server.
/// </summary>
public sealed class SshSession(SshSettings settings) : IDisposable
{
    private readonly Lock _gate = new();
    private SshConnection? _connection;
    private bool _disposed;

    public SshSettings Settings => settings;

    /// <summary>How many connections this session opened: 1 for a healthy run, 0 for a dry run.</summary>
    public int ConnectionsOpened { get; private set; }

    public SshConnection Connection
    {
        get
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_connection is null)
                {
                    _connection = SshConnection.Open(settings);
                    ConnectionsOpened++;
                }

                return _connection;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _connection?.Dispose();
            _connection = null;
        }
    }
}
