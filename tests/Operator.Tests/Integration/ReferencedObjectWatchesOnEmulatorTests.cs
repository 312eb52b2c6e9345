using System.Collections.Concurrent;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Informers;
using AcrOperator.Runtime.Kube;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace AcrOperator.Tests.Integration;

/// <summary>Watches on referenced Secrets only, over the real wire protocol against the Kubernetes API emulator.</summary>
public sealed class ReferencedObjectWatchesOnEmulatorTests
{
    private static readonly ObjectKey Hook = new("default", "hook");
    private static readonly ObjectKey OtherHook = new("default", "other-hook");
    private static readonly ObjectKey Uri = new("default", "uri");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_referenced_Secret_change_reaches_each_referrer_and_unrelated_Secrets_reach_nobody()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        var read = await ApplyAsync(cluster, "uri", "v1");
        await using var run = Start(cluster, out var watches, out var changed);
        watches.Track(Hook, new Dictionary<ObjectKey, string?> { [Uri] = read });
        watches.Track(OtherHook, new Dictionary<ObjectKey, string?> { [Uri] = read });

        for (var i = 0; i < 20; i++)
        {
            await ApplyAsync(cluster, $"unrelated-{i}", "x");
        }

        await ApplyAsync(cluster, "uri", "v2");

        await Eventually.TrueAsync(() => changed.Count == 2);
        Assert.Equal([Hook.Name, OtherHook.Name], changed.Select(k => k.Name).Order(StringComparer.Ordinal));
        Assert.Equal(1, watches.Count);
        await Task.Delay(300, Ct);
        Assert.Equal(2, changed.Count);
    }

    [Fact]
    public async Task A_change_between_the_read_and_the_watch_is_reported_and_an_unchanged_first_list_is_not()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        var stale = await ApplyAsync(cluster, "uri", "v1");
        var current = await ApplyAsync(cluster, "uri", "v2");
        await ApplyAsync(cluster, "current", "v1");
        await using var run = Start(cluster, out var watches, out var changed);

        watches.Track(Hook, new Dictionary<ObjectKey, string?> { [Uri] = stale });
        watches.Track(OtherHook, new Dictionary<ObjectKey, string?> { [new ObjectKey("default", "current")] = (await cluster.Api.GetMetadataAsync(ResourceType.Secrets, "default", "current", Ct))!.Metadata.ResourceVersion });

        await Eventually.TrueAsync(() => changed.Contains(Hook));
        await Task.Delay(300, Ct);
        Assert.Equal([Hook], changed);
        Assert.NotEqual(stale, current);
    }

    [Fact]
    public async Task A_missing_Secret_wakes_its_referrer_when_created_and_a_forgotten_one_is_no_longer_watched()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        await using var run = Start(cluster, out var watches, out var changed);
        watches.Track(Hook, new Dictionary<ObjectKey, string?> { [Uri] = null });
        await Task.Delay(200, Ct);

        await ApplyAsync(cluster, "uri", "v1");
        await Eventually.TrueAsync(() => changed.Contains(Hook));

        watches.Forget(Hook);
        Assert.Equal(0, watches.Count);
        changed.Clear();
        await ApplyAsync(cluster, "uri", "v2");
        await Task.Delay(300, Ct);
        Assert.Empty(changed);
    }

    private static async Task<string> ApplyAsync(EmulatedCluster cluster, string name, string value)
    {
        await cluster.ApplySecretAsync("default", name, new Dictionary<string, string> { ["k"] = value });
        return (await cluster.Api.GetMetadataAsync(ResourceType.Secrets, "default", name, Ct))!.Metadata.ResourceVersion;
    }

    private static Running Start(EmulatedCluster cluster, out ReferencedObjectWatches watches, out ConcurrentQueue<ObjectKey> changed)
    {
        var reported = changed = new ConcurrentQueue<ObjectKey>();
        watches = new ReferencedObjectWatches("test", cluster.Api, ResourceType.Secrets, reported.Enqueue, TimeProvider.System, NullLogger.Instance);
        return new Running(watches);
    }

    private sealed class Running : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly ReferencedObjectWatches _watches;
        private readonly Task _run;

        public Running(ReferencedObjectWatches watches)
        {
            _watches = watches;
            _run = watches.RunAsync(_stop.Token);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _run;
            _stop.Dispose();
            _watches.Dispose();
        }
    }
}
