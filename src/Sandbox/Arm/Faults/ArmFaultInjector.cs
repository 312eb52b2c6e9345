namespace AcrOperator.Sandbox.Arm.Faults;

/// <summary>The fault rules in force, changeable at run time in process or through <c>/_admin/faults</c>.</summary>
public sealed class ArmFaultInjector
{
    private readonly List<ArmFault> rules = [];
    private readonly Lock gate = new();
    private Random random;
    private int nextId;

    internal ArmFaultInjector(int? seed) => random = seed is { } s ? new Random(s) : new Random();

    public IReadOnlyList<ArmFault> Rules
    {
        get
        {
            lock (gate)
            {
                return [.. rules];
            }
        }
    }

    /// <summary>Adds a rule and returns it with its id.</summary>
    public ArmFault Add(ArmFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (fault.Rate is < 0 or > 1 || fault.Count is < 1 || fault.LatencyMs < 0 || (fault.Kind == ArmFaultKind.Error && fault.Status is < 400 or > 599))
        {
            throw new ArgumentException("rate must be within 0..1, count at least 1, latencyMs non-negative and an error status 4xx or 5xx", nameof(fault));
        }

        lock (gate)
        {
            var added = fault with { Id = fault.Id ?? $"fault-{++nextId}" };
            rules.RemoveAll(r => r.Id == added.Id);
            rules.Add(added);
            return added;
        }
    }

    public bool Remove(string id)
    {
        lock (gate)
        {
            return rules.RemoveAll(r => r.Id == id) > 0;
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            rules.Clear();
        }
    }

    /// <summary>Reseeds the random source that decides rate-based rules.</summary>
    public void Reseed(int seed)
    {
        lock (gate)
        {
            random = new Random(seed);
        }
    }

    /// <summary>The rules that fire for this request: all latencies, then at most one terminal fault.</summary>
    internal (int LatencyMs, ArmFault? Terminal) Decide(string method, string? resourceType, string? action)
    {
        lock (gate)
        {
            var latency = 0;
            ArmFault? terminal = null;
            for (var i = 0; i < rules.Count; i++)
            {
                var rule = rules[i];
                if (!Matches(rule, method, resourceType, action) || (rule.Kind != ArmFaultKind.Latency && terminal is not null))
                {
                    continue;
                }

                if (rule.Rate is { } rate && random.NextDouble() >= rate)
                {
                    continue;
                }

                if (rule.Count is { } count)
                {
                    if (count <= 1)
                    {
                        rules.RemoveAt(i--);
                    }
                    else
                    {
                        rules[i] = rule with { Count = count - 1 };
                    }
                }

                if (rule.Kind == ArmFaultKind.Latency)
                {
                    latency += rule.LatencyMs;
                }
                else
                {
                    terminal = rule;
                }
            }

            return (latency, terminal);
        }
    }

    private static bool Matches(ArmFault rule, string method, string? resourceType, string? action) =>
        (rule.Method is null || string.Equals(rule.Method, method, StringComparison.OrdinalIgnoreCase))
        && (rule.ResourceType is null || string.Equals(rule.ResourceType, resourceType, StringComparison.OrdinalIgnoreCase))
        && (rule.Action is null || string.Equals(rule.Action, action, StringComparison.OrdinalIgnoreCase));
}
