using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace AcrOperator.Sandbox.Tests.KubeApi;

public sealed class ListWatchContractTests(EmulatorCluster cluster)
{
    private readonly IClusterUnderTest cluster = cluster;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static V1ConfigMap Map(string name, Dictionary<string, string>? labels = null) =>
        new() { Metadata = new V1ObjectMeta { Name = name, Labels = labels } };

    [Fact]
    public async Task Label_and_field_selectors_use_the_full_grammar()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "sel");
        await client.CoreV1.CreateNamespacedConfigMapAsync(Map("a", new() { ["tier"] = "web", ["env"] = "prod" }), ns, cancellationToken: Ct);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Map("b", new() { ["tier"] = "db" }), ns, cancellationToken: Ct);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Map("c"), ns, cancellationToken: Ct);

        async Task<string[]> Names(string? labels = null, string? fields = null) =>
            [.. (await client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: labels, fieldSelector: fields, cancellationToken: Ct)).Items.Select(i => i.Metadata.Name)];

        Assert.Equal(["a"], await Names("tier=web"));
        Assert.Equal(["a"], await Names("tier==web,env"));
        Assert.Equal(["b", "c"], await Names("tier!=web"));
        Assert.Equal(["a", "b"], await Names("tier in (web, db)"));
        Assert.Equal(["c"], await Names("tier notin (web,db)"));
        Assert.Equal(["b", "c"], await Names("!env"));
        Assert.Equal(["b"], await Names(fields: "metadata.name=b"));
        Assert.Equal(["a", "c"], await Names(fields: "metadata.name!=b"));
        Assert.Equal(["a", "b", "c"], await Names(fields: $"metadata.namespace={ns}"));
    }

    [Fact]
    public async Task Paging_with_limit_and_continue_reads_one_snapshot()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "page");
        for (var i = 0; i < 5; i++)
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(Map($"cm{i}"), ns, cancellationToken: Ct);
        }

        var first = await client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 2, cancellationToken: Ct);
        Assert.Equal(["cm0", "cm1"], first.Items.Select(i => i.Metadata.Name));
        Assert.Equal(3, first.Metadata.RemainingItemCount);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("cm3", ns, cancellationToken: Ct);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Map("cm9"), ns, cancellationToken: Ct);

        var second = await client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 2, continueParameter: first.Metadata.ContinueProperty, cancellationToken: Ct);
        Assert.Equal(["cm2", "cm3"], second.Items.Select(i => i.Metadata.Name));
        Assert.Equal(first.Metadata.ResourceVersion, second.Metadata.ResourceVersion);
        var third = await client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 2, continueParameter: second.Metadata.ContinueProperty, cancellationToken: Ct);
        Assert.Equal(["cm4"], third.Items.Select(i => i.Metadata.Name));
        Assert.Null(third.Metadata.ContinueProperty);
    }

    [Fact]
    public async Task Watch_resumes_after_a_resourceVersion_and_sees_every_later_change()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "watch");
        await client.CoreV1.CreateNamespacedConfigMapAsync(Map("before"), ns, cancellationToken: Ct);
        var list = await client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: Ct);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Map("after"), ns, cancellationToken: Ct);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("before", ns, cancellationToken: Ct);

        var seen = new List<(WatchEventType, string)>();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(10));
        await foreach (var (type, item) in client.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cts.Token))
        {
            seen.Add((type, item.Metadata.Name));
            if (seen.Count == 1)
            {
                await client.CoreV1.CreateNamespacedConfigMapAsync(Map("live"), ns, cancellationToken: Ct);
            }

            if (seen.Count == 3)
            {
                break;
            }
        }

        Assert.Equal([(WatchEventType.Added, "after"), (WatchEventType.Deleted, "before"), (WatchEventType.Added, "live")], seen);
    }

    [Fact]
    public async Task Watch_without_resourceVersion_starts_with_synthetic_added_events_and_ends_at_timeoutSeconds()
    {
        using var http = cluster.CreateHttpClient();
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "watch");
        await client.CoreV1.CreateNamespacedConfigMapAsync(Map("x"), ns, cancellationToken: Ct);

        using var response = await http.GetAsync($"/api/v1/namespaces/{ns}/configmaps?watch=true&timeoutSeconds=1", HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.True(response.Headers.TransferEncodingChunked);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var only = JsonNode.Parse(Assert.Single(lines))!;
        Assert.Equal("ADDED", (string?)only["type"]);
        Assert.Equal("ConfigMap", (string?)only["object"]!["kind"]);
        Assert.Equal("v1", (string?)only["object"]!["apiVersion"]);
    }

    [Fact]
    public async Task Watch_sends_bookmarks_with_only_a_resourceVersion()
    {
        using var http = cluster.CreateHttpClient();
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "bookmark");
        var rv = (await client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: Ct)).Metadata.ResourceVersion;

        using var response = await http.GetAsync($"/api/v1/namespaces/{ns}/configmaps?watch=1&allowWatchBookmarks=true&resourceVersion={rv}&timeoutSeconds=2", HttpCompletionOption.ResponseHeadersRead, Ct);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        var bookmark = JsonNode.Parse(lines[0])!;
        Assert.Equal("BOOKMARK", (string?)bookmark["type"]);
        var metadata = bookmark["object"]!["metadata"]!.AsObject();
        Assert.Equal(["resourceVersion"], metadata.Select(p => p.Key));
        Assert.Equal("ConfigMap", (string?)bookmark["object"]!["kind"]);
    }

    [Fact]
    public async Task Watch_from_an_expired_resourceVersion_gets_a_410_error_event()
    {
        // Expiring the history is global, so this test gets a cluster of its own rather than disturb other watches.
        await using var own = new EmulatorCluster();
        await own.InitializeAsync();
        IClusterUnderTest cluster = own;
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "expired");
        var rv = (await client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: Ct)).Metadata.ResourceVersion;
        await client.CoreV1.CreateNamespacedConfigMapAsync(Map("bump"), ns, cancellationToken: Ct);
        if (!cluster.TryExpireWatchHistory())
        {
            Assert.Skip("this cluster cannot be told to compact its watch history");
        }

        var errors = new List<Exception>();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(10));
        await foreach (var _ in client.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: rv, onError: errors.Add, cancellationToken: cts.Token))
        {
            Assert.Fail("no object event expected");
        }

        var status = Assert.IsType<KubernetesException>(Assert.Single(errors)).Status;
        Assert.Equal(410, status.Code);
        Assert.Equal("Expired", status.Reason);
        Assert.StartsWith($"too old resource version: {rv} (", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_from_a_resourceVersion_the_server_has_not_reached_gets_a_too_large_error_event()
    {
        using var http = cluster.CreateHttpClient();
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "future");
        var rv = long.Parse((await client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: Ct)).Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture) + 1_000_000;

        // As after a server restart: the client resumes from a revision this server never had, and must be told to relist.
        using var response = await http.GetAsync($"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={rv}&timeoutSeconds=10", HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal(200, (int)response.StatusCode);
        var line = Assert.Single((await response.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var error = JsonNode.Parse(line)!;
        Assert.Equal("ERROR", (string?)error["type"]);
        Assert.Equal(504, (int)error["object"]!["code"]!);
        Assert.Equal("Timeout", (string?)error["object"]!["reason"]);
        Assert.StartsWith($"Too large resource version: {rv}, current: ", (string?)error["object"]!["message"], StringComparison.Ordinal);
        Assert.Equal("ResourceVersionTooLarge", (string?)error["object"]!["details"]!["causes"]![0]!["reason"]);
    }

    [Fact]
    public async Task Watch_turns_selector_transitions_into_added_and_deleted()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "trans");
        var cm = await client.CoreV1.CreateNamespacedConfigMapAsync(Map("m"), ns, cancellationToken: Ct);
        var seen = new List<WatchEventType>();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(10));
        var watch = client.CoreV1.WatchListNamespacedConfigMapAsync(ns, labelSelector: "on=yes", resourceVersion: cm.Metadata.ResourceVersion, cancellationToken: cts.Token);
        cm.Metadata.Labels = new Dictionary<string, string> { ["on"] = "yes" };
        cm = await client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "m", ns, cancellationToken: Ct);
        cm.Metadata.Labels["on"] = "no";
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "m", ns, cancellationToken: Ct);
        await foreach (var (type, _) in watch)
        {
            seen.Add(type);
            if (seen.Count == 2)
            {
                break;
            }
        }

        Assert.Equal([WatchEventType.Added, WatchEventType.Deleted], seen);
    }
}
