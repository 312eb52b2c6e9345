namespace AcrOperator.Sandbox.KubeApi;

/// <summary>Settings of the Kubernetes API server emulator.</summary>
public sealed class KubeApiServerOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>How many committed changes the watch history keeps; watches and snapshots from older versions get 410 Expired.</summary>
    public int WatchWindowEvents { get; init; } = 100_000;

    /// <summary>Optionally also drop history older than this (the real watch cache keeps about 5 minutes).</summary>
    public TimeSpan? WatchWindowDuration { get; init; }

    /// <summary>How often a watch with allowWatchBookmarks=true gets a BOOKMARK (the real server: about a minute).</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest request body accepted; larger ones get 413 (the apiserver's limit is 3 MiB).</summary>
    public long MaxRequestBodyBytes { get; init; } = 3 * 1024 * 1024;

    /// <summary>Events a slow watcher may fall behind before its watch is closed.</summary>
    public int WatchQueueCapacity { get; init; } = 10_000;

    /// <summary>Whether writes record metadata.managedFields (off saves work in benchmarks).</summary>
    public bool TrackManagedFields { get; init; } = true;

    /// <summary>
    /// Whether every active namespace gets a <c>default</c> ServiceAccount (created again if deleted), as
    /// kube-controller-manager's service account controller does on a real cluster.
    /// </summary>
    public bool CreateDefaultServiceAccounts { get; init; } = true;

    /// <summary>How many requests <see cref="KubeApiServer.RequestLog"/> keeps (oldest dropped first); 0 keeps none.</summary>
    public int RequestLogCapacity { get; init; } = 100_000;

    /// <summary>The clock for timestamps, lease expiry in tests, bookmarks and watch timeouts.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
