namespace AcrOperator.Sandbox.Diagnostics;

/// <summary>
/// A bounded, thread-safe record of the requests an emulator served, oldest first, so tests and benchmarks can count
/// and inspect what a client asked for. Once full, the oldest entry makes room; a capacity of 0 records nothing.
/// </summary>
/// <typeparam name="TEntry">What one request leaves in the log.</typeparam>
public abstract class RequestLog<TEntry>
{
    private readonly Queue<TEntry> entries = new();
    private readonly Lock gate = new();
    private readonly int capacity;

    private protected RequestLog(int capacity) => this.capacity = capacity;

    public IReadOnlyList<TEntry> Entries
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

    internal void Add(TEntry entry)
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
