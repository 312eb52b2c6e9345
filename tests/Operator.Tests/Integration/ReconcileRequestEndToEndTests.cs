using System.Text.Json.Nodes;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Tests.TestSupport;

namespace AcrOperator.Tests.Integration;

/// <summary>
/// <c>acr.operator.dev/reconcile-requested-at</c> against the operator process. Its own operator with a resync far
/// beyond the test's length, so any read of the registry after Ready can only come from the annotation.
/// </summary>
public sealed class ReconcileRequestEndToEndTests
{
    [Fact]
    public async Task Each_new_reconcile_requested_at_value_forces_one_read_long_before_the_resync_and_status_records_it()
    {
        await using var env = await OperatorOnEmulators.StartAsync(resyncInterval: TimeSpan.FromHours(1), operationDuration: TimeSpan.FromSeconds(1));
        var registry = await env.NewRegistryInOwnGroupAsync("on-demand");
        var path = OperatorOnEmulators.ArmPath(registry);

        await env.ExplainFailuresAsync(async () =>
        {
            var ready = await env.ApplyAndWaitReadyAsync(registry);
            Assert.Null(ready.Status.LastHandledReconcileRequest);
            var mark = env.Arm.RequestLog.Mark();

            foreach (var (value, passes) in new[] { ("2026-01-01T00:00:00Z", 1), ("2026-01-01T00:05:00Z", 2) })
            {
                var annotation = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [AnnotationNames.ReconcileRequestedAt] = value } } };
                await env.PatchAsync("on-demand", annotation.ToJsonString());

                var handled = await env.WaitForAsync("on-demand", r => r?.Status.LastHandledReconcileRequest == value, timeoutSeconds: 30);
                var requests = env.Arm.RequestLog.Since(mark);
                Assert.Equal(passes, requests.For(path).Count("GET"));
                Assert.Equal(passes, requests.Count);
                Assert.True(OperatorOnEmulators.IsReadyAtCurrentGeneration(handled), OperatorOnEmulators.Describe(handled));
                Assert.Equal(ready.Metadata.Generation, handled.Metadata.Generation);
            }
        });
    }
}
