namespace AcrOperator.Sandbox.Arm.Operations;

/// <summary>
/// The operations in flight and finished. Completion is lazy: every request first settles whatever is due by
/// the clock, so fake time in tests and real time standalone behave the same without timers.
/// </summary>
internal sealed class LongRunningOperations
{
    private readonly Dictionary<string, LongRunningOperation> operations = new(StringComparer.OrdinalIgnoreCase);

    public void Add(LongRunningOperation operation) => operations[operation.Id] = operation;

    public LongRunningOperation? Find(string id) => operations.GetValueOrDefault(id);

    /// <summary>Completes every operation due by <paramref name="now"/>, oldest first (a group delete after the creates in it).</summary>
    public void Settle(DateTimeOffset now)
    {
        foreach (var operation in operations.Values.Where(o => !o.IsDone && o.Due <= now).OrderBy(o => o.Due).ToList())
        {
            operation.CompleteIfDue(now);
        }
    }
}
