namespace AcrOperator.Sandbox.KubeApi.Diagnostics;

/// <summary>
/// The requests the emulator received, oldest first (method, path, query, and the answer's status), so tests and
/// benchmarks can see what a client asked for, e.g. which label selector its watches use. A watch is recorded when it
/// arrives, with status 0, since it answers for as long as it streams.
/// </summary>
public sealed class KubeRequestLog
{
    private readonly Queue<KubeRequestLogEntry> entries = new();
    private readonly Lock gate = new();
    private readonly int capacity;

    internal KubeRequestLog(int capacity) => this.capacity = capacity;

    public IReadOnlyList<KubeRequestLogEntry> Entries
    {
        get
        {
            lock (gate)
            {
                return [.. entries];
            }
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            entries.Clear();
        }
    }

    internal void Add(KubeRequestLogEntry entry)
    {
        if (capacity == 0)
        {
            return;
        }

        lock (gate)
        {
            if (entries.Count >= capacity)
            {
                entries.Dequeue();
            }

            entries.Enqueue(entry);
        }
    }
}
