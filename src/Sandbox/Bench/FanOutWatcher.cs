using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;

namespace AcrOperator.Sandbox.Bench;

/// <summary>
/// One watch stream of the fan-out phase. It notes when each event line arrives, identified by the object name
/// <c>fan-K</c>, scanning the raw bytes rather than parsing JSON so the client spends little of the shared CPU.
/// </summary>
internal sealed class FanOutWatcher
{
    private static readonly byte[] NameMarker = "\"name\":\"fan-"u8.ToArray();
    private readonly long[] arrivals;
    private int received;

    public FanOutWatcher(int events)
    {
        arrivals = new long[events];
    }

    /// <summary>Arrival timestamps (Stopwatch ticks) by event index; 0 where the event never came.</summary>
    public ReadOnlySpan<long> Arrivals => arrivals;

    public int Received => Volatile.Read(ref received);

    /// <summary>Reads lines until the stream ends or <paramref name="cancellationToken"/> fires.</summary>
    public async Task ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var filled = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                if (read == 0)
                {
                    return;
                }

                var now = Stopwatch.GetTimestamp();
                filled += read;
                var consumed = ConsumeLines(buffer.AsSpan(0, filled), now);
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The benchmark ends the watch once every event is in or the deadline passed.
        }
        catch (IOException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelling a read can surface as an aborted connection.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private int ConsumeLines(ReadOnlySpan<byte> data, long now)
    {
        var consumed = 0;
        int newline;
        while ((newline = data[consumed..].IndexOf((byte)'\n')) >= 0)
        {
            Record(data.Slice(consumed, newline), now);
            consumed += newline + 1;
        }

        return consumed;
    }

    private void Record(ReadOnlySpan<byte> line, long now)
    {
        var at = line.IndexOf(NameMarker);
        if (at < 0 || !Utf8Parser.TryParse(line[(at + NameMarker.Length)..], out int index, out _) || (uint)index >= (uint)arrivals.Length)
        {
            return;
        }

        if (arrivals[index] == 0)
        {
            arrivals[index] = now;
            Interlocked.Increment(ref received);
        }
    }
}
