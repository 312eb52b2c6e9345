using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Selectors;
using AcrOperator.Sandbox.KubeApi.Storage;

namespace AcrOperator.Sandbox.Tests.KubeApi;

public sealed class WatchSubscriptionTests
{
    [Fact]
    public async Task Queued_events_are_counted_apart_from_the_wake_up_marker()
    {
        var subscription = new WatchSubscription("/configmaps", null, LabelSelector.Everything, FieldSelector.Everything, capacity: 2);
        subscription.Wake();
        Assert.False(subscription.HasQueuedEvents);

        subscription.Offer(Added(1));
        Assert.True(subscription.HasQueuedEvents);

        // The marker takes no event slot: two events fit beside it, a third closes the watch.
        subscription.Offer(Added(2));
        Assert.True(subscription.TryRead(out var first));
        Assert.Equal(1, first.Event.ResourceVersion);
        Assert.True(subscription.TryRead(out _));
        Assert.False(subscription.HasQueuedEvents);
        Assert.False(subscription.TryRead(out _));

        // Once the marker was taken, the next Wake queues a new one.
        subscription.Wake();
        Assert.True(await subscription.WaitToReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
    }

    private static WatchEvent Added(long revision)
    {
        var obj = new StoredObject(new JsonObject { ["metadata"] = new JsonObject { ["name"] = "c" + revision, ["namespace"] = "n" } }, revision);
        return new WatchEvent("/configmaps", "n/c" + revision, "ADDED", obj, null, DateTimeOffset.UnixEpoch);
    }
}
