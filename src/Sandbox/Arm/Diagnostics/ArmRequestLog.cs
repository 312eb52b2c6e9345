namespace AcrOperator.Sandbox.Arm.Diagnostics;

/// <summary>The requests served on ARM routes, oldest first, so tests and benchmarks can count calls.</summary>
public sealed class ArmRequestLog
{
    private readonly Queue<ArmRequestLogEntry> entries = new();
    private readonly Lock gate = new();
    private readonly int capacity;

    internal ArmRequestLog(int capacity) => this.capacity = capacity;

    public IReadOnlyList<ArmRequestLogEntry> Entries
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

    internal void Add(ArmRequestLogEntry entry)
    {
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
