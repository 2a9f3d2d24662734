using System.Text;

namespace Firebreak.Cli.Evidence;

/// <summary>
/// A command's stdout and stderr as one text in the order the pieces arrived, every line marked with
/// the stream it came from (<see cref="StdOutMark"/>, <see cref="StdErrMark"/>), kept up to a number
/// of bytes and counted beyond it. The bytes are kept as the command wrote them: no decoding, so a
/// line in another encoding or with terminal colours survives. Safe to feed from both streams' readers.
/// </summary>
public sealed class CommandOutput(long limit)
{
    public const string StdOutMark = "out| ";
    public const string StdErrMark = "err| ";

    private static readonly byte[] StdOutMarkBytes = Encoding.UTF8.GetBytes(StdOutMark);
    private static readonly byte[] StdErrMarkBytes = Encoding.UTF8.GetBytes(StdErrMark);

    private readonly Lock _gate = new();
    private readonly MemoryStream _kept = new();
    private bool? _openLineIsStdErr;

    /// <summary>Bytes the command wrote on stdout.</summary>
    public long StdOutBytes { get; private set; }

    /// <summary>Bytes the command wrote on stderr.</summary>
    public long StdErrBytes { get; private set; }

    /// <summary>Bytes of the marked text, kept or not.</summary>
    public long MarkedBytes { get; private set; }

    public long Limit => limit;

    /// <summary>Adds what one stream gave: a line left open by the other stream is ended first.</summary>
    public void Add(bool stdErr, ReadOnlySpan<byte> chunk)
    {
        lock (_gate)
        {
            if (stdErr)
            {
                StdErrBytes += chunk.Length;
            }
            else
            {
                StdOutBytes += chunk.Length;
            }

            if (_openLineIsStdErr is { } open && open != stdErr)
            {
                Write("\n"u8);
                _openLineIsStdErr = null;
            }

            while (!chunk.IsEmpty)
            {
                if (_openLineIsStdErr is null)
                {
                    Write(stdErr ? StdErrMarkBytes : StdOutMarkBytes);
                    _openLineIsStdErr = stdErr;
                }

                var end = chunk.IndexOf((byte)'\n');
                var line = end < 0 ? chunk : chunk[..(end + 1)];
                Write(line);
                chunk = chunk[line.Length..];
                if (end >= 0)
                {
                    _openLineIsStdErr = null;
                }
            }
        }
    }

    /// <summary>
    /// The marked text, ended with a line break, cut to at most <paramref name="budget"/> bytes; a cut
    /// does not split a UTF-8 character.
    /// </summary>
    public byte[] Text(long budget)
    {
        lock (_gate)
        {
            var bytes = _kept.ToArray();
            if (_openLineIsStdErr is not null)
            {
                bytes = [.. bytes, (byte)'\n'];
            }

            if (bytes.LongLength <= budget)
            {
                return bytes;
            }

            var end = (int)Math.Max(0, budget);
            while (end > 0 && (bytes[end] & 0b1100_0000) == 0b1000_0000)
            {
                end--;
            }

            return bytes[..end];
        }
    }

    /// <summary>Bytes of <see cref="Text"/> before any cut.</summary>
    public long TextBytes
    {
        get
        {
            lock (_gate)
            {
                return MarkedBytes + (_openLineIsStdErr is null ? 0 : 1);
            }
        }
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        MarkedBytes += bytes.Length;
        var room = limit - _kept.Length;
        if (room > 0)
        {
            _kept.Write(bytes[..(int)Math.Min(room, bytes.Length)]);
        }
    }
}
