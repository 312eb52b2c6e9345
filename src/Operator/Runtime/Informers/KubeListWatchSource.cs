using AcrOperator.Runtime.Kube;

namespace AcrOperator.Runtime.Informers;

/// <summary>Lists and watches one kind on the API server, optionally in one namespace and through a selector.</summary>
public sealed class KubeListWatchSource<T> : IListWatchSource<T>
    where T : class
{
    private readonly KubeApiClient _client;
    private readonly ResourceType _type;
    private readonly string? _namespace;
    private readonly ListOptions _options;
    private readonly Func<TimeSpan> _watchTimeout;

    /// <param name="watchTimeout">
    /// Called per watch: the server closes the stream after this long. client-go spreads it between 5 and
    /// 10 minutes so that many watchers don't reconnect in step.
    /// </param>
    public KubeListWatchSource(KubeApiClient client, ResourceType type, string? @namespace, ListOptions options, Func<TimeSpan>? watchTimeout = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _type = type ?? throw new ArgumentNullException(nameof(type));
        _namespace = @namespace;
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _watchTimeout = watchTimeout ?? (() => TimeSpan.FromMinutes(5) * (1 + Random.Shared.NextDouble()));
    }

    public Task<ListSnapshot<T>> ListAsync(CancellationToken cancellationToken)
        => _client.ListAsync<T>(_type, _namespace, _options, cancellationToken);

    public IAsyncEnumerable<WatchNotification<T>> WatchAsync(string resourceVersion, CancellationToken cancellationToken)
        => _client.WatchAsync<T>(_type, _namespace, resourceVersion, _options, _watchTimeout(), cancellationToken);
}
