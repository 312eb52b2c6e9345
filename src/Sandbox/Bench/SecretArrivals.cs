using System.Diagnostics;
using System.Text.Json;

namespace AcrOperator.Sandbox.Bench;

/// <summary>
/// One watch on the benchmark Registry's pull Secrets. It notes when each namespace's Secret first arrives (ADDED) and,
/// once <see cref="StartRotation"/> was called, when it is first rewritten (MODIFIED); namespaces are named
/// <c>prefix-NNNN</c>, so the index is in the name.
/// </summary>
internal sealed class SecretArrivals(string prefix, int namespaces)
{
    private readonly long[] added = new long[namespaces];
    private readonly long[] rotated = new long[namespaces];
    private int addedCount;
    private int rotatedCount;
    private volatile bool rotating;

    public int Added => Volatile.Read(ref addedCount);

    public int Rotated => Volatile.Read(ref rotatedCount);

    /// <summary>Stopwatch ticks of each namespace's first ADDED; 0 where none came.</summary>
    public ReadOnlySpan<long> AddedAt => added;

    /// <summary>Stopwatch ticks of each namespace's first MODIFIED after <see cref="StartRotation"/>.</summary>
    public ReadOnlySpan<long> RotatedAt => rotated;

    public void StartRotation() => rotating = true;

    public async Task ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream);
        try
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                var now = Stopwatch.GetTimestamp();
                Record(line, now);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The benchmark ends the watch when it has its figures.
        }
        catch (IOException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelling a read can surface as an aborted connection.
        }
    }

    private void Record(string line, long now)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var type = root.GetProperty("type").GetString();
        if (!root.GetProperty("object").TryGetProperty("metadata", out var metadata)
            || metadata.GetProperty("namespace").GetString() is not { } ns
            || !ns.StartsWith(prefix, StringComparison.Ordinal)
            || !int.TryParse(ns.AsSpan(prefix.Length), out var index)
            || (uint)index >= (uint)added.Length)
        {
            return;
        }

        if (type == "ADDED" && added[index] == 0)
        {
            added[index] = now;
            Interlocked.Increment(ref addedCount);
        }
        else if (type == "MODIFIED" && rotating && rotated[index] == 0)
        {
            rotated[index] = now;
            Interlocked.Increment(ref rotatedCount);
        }
    }
}
