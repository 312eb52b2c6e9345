namespace AcrOperator.Sandbox.KubeApi.Diagnostics;

/// <summary>
/// Test knob: how long to hold requests that match before answering them, as a loaded or distant apiserver would.
/// Lets a test catch a client half way through a burst of writes without racing it.
/// </summary>
internal sealed class RequestDelay
{
    private volatile Rule? _rule;

    public void Set(Func<string, string, bool> matches, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(matches);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        _rule = new Rule(matches, delay);
    }

    public void Clear() => _rule = null;

    /// <summary>The delay for a request with this method and path (zero when no rule matches).</summary>
    public TimeSpan For(string method, string path) =>
        _rule is { } rule && rule.Matches(method, path) ? rule.Delay : TimeSpan.Zero;

    private sealed record Rule(Func<string, string, bool> Matches, TimeSpan Delay);
}
