using AcrOperator.Api.V1Alpha1;
using AcrOperator.Tests.TestSupport;

namespace AcrOperator.Tests.Integration;

/// <summary>
/// The operator killed mid-operation and started again, as a pod is on a node failure: the pending Azure operation
/// lives in status.operation, so the second process polls it instead of creating the registry a second time.
/// Its own operator, because the test kills it.
/// </summary>
public sealed class OperatorRestartEndToEndTests
{
    // Long enough that the create is still running when the first process dies (it dies as soon as status.operation
    // is written); the second process may find it finished, and must poll it all the same.
    private static readonly TimeSpan OperationDuration = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task An_operator_killed_while_a_create_is_pending_resumes_polling_after_a_restart_with_one_PUT_in_total()
    {
        await using var env = await OperatorOnEmulators.StartAsync(resyncInterval: TimeSpan.FromSeconds(2), OperationDuration);
        var registry = await env.NewRegistryInOwnGroupAsync("survivor");
        var path = OperatorOnEmulators.ArmPath(registry);
        var log = env.Arm.RequestLog;

        await env.ExplainFailuresAsync(async () =>
        {
            await env.ApplyAsync(registry);
            var pending = await env.WaitForAsync("survivor", r => r?.Status.Operation is not null);
            Assert.Equal(AzureOperationKind.Create, pending.Status.Operation!.Kind);

            env.KillOperator();
            var killed = log.Mark();
            Assert.Equal(1, log.Entries.For(path).Count("PUT"));
            env.StartOperator();

            var ready = await env.WaitForAsync("survivor", OperatorOnEmulators.IsReady);
            Assert.Equal(1, log.Entries.For(path).Count("PUT"));
            Assert.Null(ready.Status.Operation);
            Assert.Equal("survivor.azurecr.io", ready.Status.LoginServer);
            // The second process starts where the first left off: its first request polls the operation in status.
            var resumed = log.Since(killed).Within(path).First();
            Assert.Equal("GET", resumed.Method);
            Assert.Equal(new Uri(pending.Status.Operation.Url).AbsolutePath, resumed.Path.Split('?')[0], ignoreCase: true);
        });
    }
}
