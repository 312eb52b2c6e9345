using System.Collections.Concurrent;

namespace AcrOperator.Sandbox.Arm;

/// <summary>
/// How writes complete, per resource type and method, changeable while the server runs (a test can switch
/// registries' PUT to <see cref="ArmCompletionStyle.AzureAsyncOperation"/> mid-run).
/// </summary>
public sealed class ArmCompletionSettings
{
    private readonly ConcurrentDictionary<(string Type, string Method), ArmCompletionStyle> styles = new();
    private readonly Lock gate = new();
    private ArmCompletionStyle defaultStyle;
    private TimeSpan operationDuration;
    private int retryAfterSeconds;

    internal ArmCompletionSettings(ArmServerOptions options)
    {
        defaultStyle = options.DefaultCompletion;
        operationDuration = options.OperationDuration;
        retryAfterSeconds = options.RetryAfterSeconds;
    }

    /// <summary>The style where none is set for the type and method.</summary>
    public ArmCompletionStyle DefaultStyle
    {
        get { lock (gate) { return defaultStyle; } }
        set { lock (gate) { defaultStyle = value; } }
    }

    /// <summary>How long asynchronous operations stay in progress (applies to operations started afterwards).</summary>
    public TimeSpan OperationDuration
    {
        get { lock (gate) { return operationDuration; } }
        set { lock (gate) { operationDuration = value; } }
    }

    /// <summary>The <c>Retry-After</c> seconds sent with asynchronous responses.</summary>
    public int RetryAfterSeconds
    {
        get { lock (gate) { return retryAfterSeconds; } }
        set { lock (gate) { retryAfterSeconds = value; } }
    }

    /// <summary>Sets the style of <paramref name="method"/> (PUT, PATCH or DELETE) on <paramref name="resourceType"/> (e.g. <c>Microsoft.ContainerRegistry/registries</c>).</summary>
    public void Set(string resourceType, string method, ArmCompletionStyle style)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceType);
        ArgumentException.ThrowIfNullOrEmpty(method);
        styles[(resourceType.ToUpperInvariant(), method.ToUpperInvariant())] = style;
    }

    /// <summary>Sets the style of PUT, PATCH and DELETE on <paramref name="resourceType"/>.</summary>
    public void Set(string resourceType, ArmCompletionStyle style)
    {
        foreach (var method in new[] { "PUT", "PATCH", "DELETE" })
        {
            Set(resourceType, method, style);
        }
    }

    /// <summary>Forgets every per-type style, so <see cref="DefaultStyle"/> applies everywhere.</summary>
    public void Clear() => styles.Clear();

    public ArmCompletionStyle Get(string resourceType, string method) =>
        styles.TryGetValue((resourceType.ToUpperInvariant(), method.ToUpperInvariant()), out var style) ? style : DefaultStyle;

    internal IEnumerable<(string Type, string Method, ArmCompletionStyle Style)> Entries =>
        styles.Select(e => (e.Key.Type, e.Key.Method, e.Value));
}
