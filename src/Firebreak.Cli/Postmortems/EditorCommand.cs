using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Firebreak.Cli.Client;

namespace Firebreak.Cli.Postmortems;

/// <summary>The user's editor: $VISUAL, else $EDITOR, else vi; the command may carry arguments ("code --wait").</summary>
internal static class EditorCommand
{
    internal static string Configured() =>
        new[] { Environment.GetEnvironmentVariable("VISUAL"), Environment.GetEnvironmentVariable("EDITOR") }.FirstOrDefault(e => !string.IsNullOrWhiteSpace(e)) ?? "vi";

    /// <summary>Opens <paramref name="file"/> in the editor and waits until it exits; an editor that fails is a <see cref="CliException"/>.</summary>
    internal static async Task EditAsync(string file, CancellationToken cancellationToken)
    {
        var command = Configured();
        var words = Split(command);
        if (words.Count == 0)
        {
            throw new CliException("The editor command is empty: set VISUAL or EDITOR.");
        }

        var start = new ProcessStartInfo(words[0]) { UseShellExecute = false };
        foreach (var word in words.Skip(1))
        {
            start.ArgumentList.Add(word);
        }

        start.ArgumentList.Add(file);
        Process? editor;
        try
        {
            editor = Process.Start(start);
        }
        catch (Win32Exception e)
        {
            throw new CliException($"Cannot run the editor '{command}': {e.Message}. Set VISUAL or EDITOR, or give the text with --file.");
        }

        using (editor)
        {
            if (editor is null)
            {
                throw new CliException($"Cannot run the editor '{command}'.");
            }

            await editor.WaitForExitAsync(cancellationToken);
            if (editor.ExitCode != 0)
            {
                throw new CliException($"The editor '{command}' exited with {editor.ExitCode}; nothing was sent.");
            }
        }
    }

    /// <summary>
    /// Splits a command into words as a POSIX shell would for the simple cases: blanks separate words,
    /// single quotes keep everything, double quotes keep all but \" and \\, a backslash escapes the next character.
    /// </summary>
    internal static List<string> Split(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            switch (c)
            {
                case '\'':
                    var close = command.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        throw new CliException($"The editor command '{command}' has an unclosed quote.");
                    }

                    word.Append(command, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    i++;
                    while (i < command.Length && command[i] != '"')
                    {
                        if (command[i] == '\\' && i + 1 < command.Length && command[i + 1] is '"' or '\\' or '$' or '`')
                        {
                            i++;
                        }

                        word.Append(command[i]);
                        i++;
                    }

                    if (i >= command.Length)
                    {
                        throw new CliException($"The editor command '{command}' has an unclosed quote.");
                    }

                    break;
                case '\\' when i + 1 < command.Length:
                    word.Append(command[++i]);
                    break;
                default:
                    word.Append(c);
                    break;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
