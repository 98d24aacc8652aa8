namespace PrivateCloud.Tasks.Plumbing.Remote;

/// <summary>The task works on this machine only (or on services other than the host): a locking run starts it before the lock is held.</summary>
public sealed class ThisMachineOnlyAttribute : HostUseAttribute;
