namespace PrivateCloud.Tasks.Plumbing.DotEnv;

/// <summary>
/// One assignment of a <c>.env</c> file as written: its key and the lines it spans, a quoted value's
/// continuation lines included. Unlike <see cref="DotEnvEntry"/>, a key set twice has one statement
/// per assignment, and a bare <c>KEY</c> line has one even when nothing supplies its value.
/// </summary>
public sealed record DotEnvStatement(string Key, int FirstLine, int LastLine);
