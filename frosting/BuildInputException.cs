namespace PrivateCloud.Frosting;

/// <summary>
/// Bad arguments or configuration supplied by the user. The message is one line that names
/// the file, line, setting or host concerned and what to do; the host exits with <see cref="ExitCodes.BadInput"/>.
/// </summary>
public class BuildInputException(string message, Exception? innerException = null)
    : Exception(message, innerException);
