using System.Globalization;
using System.Text;

namespace Firebreak.Cli.Evidence;

/// <summary>
/// The evidence a command's run becomes: a header (the command line, start, duration, exit code, what
/// the output holds and whether it was cut) and then the marked output, the whole at most the server's
/// limit on an evidence file.
/// </summary>
public static class CommandEvidence
{
    private const int MaxName = 200;

    /// <summary>Room left for the header's numbers, which are only known once the output is cut.</summary>
    private const int Slack = 256;

    /// <summary>The evidence's content, and the sentence that says it was cut (null when it is whole).</summary>
    public static (byte[] Content, string? Cut) Document(CommandRun run, long limit)
    {
        var text = run.Output.TextBytes;
        var whole = Header(run, cut: null);
        if (whole.Length + text <= limit)
        {
            return ([.. whole, .. run.Output.Text(text)], null);
        }

        // The numbers in the estimate are at least as long as the real ones.
        var estimate = Cut(text, text, limit);
        var keep = Math.Max(0, limit - Header(run, estimate).Length - Trailer(estimate).Length - Slack);
        var cut = Cut(keep, text, limit);
        return ([.. Header(run, cut), .. run.Output.Text(keep), .. Trailer(cut)], cut);
    }

    /// <summary>
    /// Writes the evidence to a new file in the temporary folder, readable by this account only (the
    /// output may hold what others should not read), and returns its path.
    /// </summary>
    public static async Task<string> SaveAsync(byte[] content, string incident)
    {
        var safe = new string([.. incident.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_')]);
        var path = Path.Combine(Path.GetTempPath(), $"firebreak-evidence-{safe}-{Guid.NewGuid().ToString("N")[..8]}.txt");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var file = new FileStream(path, options);
        await file.WriteAsync(content);
        return path;
    }

    /// <summary>The evidence's name: the command line on one line, shortened to what a name may hold.</summary>
    public static string Name(IReadOnlyList<string> command)
    {
        var line = new string([.. Line(command).Select(c => char.IsControl(c) ? ' ' : c)]);
        return line.Length <= MaxName ? line : line[..(MaxName - 1)] + "…";
    }

    /// <summary>The command line as a POSIX shell would take it back: arguments with anything but safe characters in single quotes.</summary>
    public static string Line(IReadOnlyList<string> command) => string.Join(' ', command.Select(Quote));

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%^".Contains(c, StringComparison.Ordinal))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Cut(long kept, long total, long limit) => string.Create(
        CultureInfo.InvariantCulture,
        $"cut: the output is {total:N0} bytes; the first {kept:N0} are kept, as the server keeps evidence of at most {limit:N0} bytes");

    private static byte[] Trailer(string cut) => Encoding.UTF8.GetBytes($"\n[{cut}]\n");

    private static byte[] Header(CommandRun run, string? cut)
    {
        var header = new StringBuilder();
        header.Append(CultureInfo.InvariantCulture, $"command:   {Line(run.Command)}\n");
        header.Append(CultureInfo.InvariantCulture, $"started:   {run.StartedAt.ToUniversalTime():yyyy-MM-dd HH:mm:ss.fff'Z'}\n");
        header.Append(CultureInfo.InvariantCulture, $"duration:  {run.Duration.TotalSeconds:0.000} s\n");
        header.Append(CultureInfo.InvariantCulture, $"exit code: {run.ExitCode}\n");
        header.Append(CultureInfo.InvariantCulture, $"output:    {run.Output.StdOutBytes:N0} bytes on stdout, {run.Output.StdErrBytes:N0} on stderr; below, each line as it arrived, marked \"{CommandOutput.StdOutMark}\" or \"{CommandOutput.StdErrMark}\"\n");
        if (cut is not null)
        {
            header.Append(CultureInfo.InvariantCulture, $"{cut}\n");
        }

        header.Append('\n');
        return Encoding.UTF8.GetBytes(header.ToString());
    }
}
