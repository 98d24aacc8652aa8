namespace PrivateCloud.Tasks.Host.Preparation;

/// <summary>A host directory a bind volume names, and who must own it: the uid the image writes its data as.</summary>
public sealed record BindDirectory(string Path, DirectoryOwner Owner);
