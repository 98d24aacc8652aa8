namespace PrivateCloud.Tasks.Accounts.Setup;

/// <summary>
/// The apply command prints a bearer secret the user needs once, such as a registration link.
/// </summary>
/// <param name="What">Names it in a sentence: "its registration link".</param>
/// <param name="HowToSee">What to run to make the thing where the secret can be shown.</param>
public sealed record OneTimeOutput(string What, string HowToSee);
