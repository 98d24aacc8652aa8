using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Configuration.Credentials;

/// <summary>Asks the person at the terminal for a secret, without echoing it.</summary>
public static class TerminalPrompt
{
    /// <param name="question">Shown on stderr, so a --format=json run keeps stdout clean.</param>
    /// <param name="otherwise">What to do instead when nobody is at a terminal.</param>
    public static string ReadSecret(string question, string otherwise)
    {
        if (Console.IsInputRedirected)
        {
            throw new BuildInputException($"No terminal to ask for the password: {otherwise}.");
        }

        var first = ReadHidden(question);
        var second = ReadHidden("Again: ");
        if (first != second)
        {
            throw new BuildInputException("The two passwords differ; nothing was written. Run the task again.");
        }

        return first;
    }

    private static string ReadHidden(string question)
    {
        Console.Error.Write(question);
        var text = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }
}
