namespace PrivateCloud.Tasks.Plumbing.Remote;

/// <summary>The task reads the host and changes nothing on it: it needs no lock, but waits for one its run takes.</summary>
public sealed class ReadsHostAttribute : HostUseAttribute;
