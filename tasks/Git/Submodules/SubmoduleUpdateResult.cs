namespace PrivateCloud.Tasks.Git.Submodules;

/// <summary>
/// What happened (or, in a dry run, would happen) to one submodule.
/// </summary>
/// <param name="Path">Path from the top repository's working directory, '/'-separated (nested ones included).</param>
/// <param name="OldCommit">The checked-out commit before, or null when the submodule was not cloned yet.</param>
/// <param name="NewCommit">The commit checked out after.</param>
/// <param name="Changed">Whether the submodule was (or would be) cloned or moved.</param>
public sealed record SubmoduleUpdateResult(string Path, string? OldCommit, string NewCommit, bool Changed);
