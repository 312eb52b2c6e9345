namespace AcrOperator.Tests.Integration;

/// <summary>A thread-safe list of what handlers saw.</summary>
public sealed class EventLog
{
    private readonly List<string> _entries = [];

    public void Add(string entry)
    {
        lock (_entries)
        {
            _entries.Add(entry);
        }
    }

    public bool Contains(string entry)
    {
        lock (_entries)
        {
            return _entries.Contains(entry);
        }
    }

    public IReadOnlyList<string> Snapshot()
    {
        lock (_entries)
        {
            return [.. _entries];
        }
    }
}
