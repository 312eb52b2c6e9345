using AcrOperator.Api.V1Alpha1;
using AcrOperator.Controllers;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Informers;

namespace AcrOperator.Tests.Controllers;

public sealed class ReconcileTriggersTests
{
    [Fact]
    public void Adding_a_finalizer_or_writing_status_is_no_reason_for_another_pass()
    {
        var before = RegistryHarness.Sample();
        var finalized = Changed(before, r => r.Metadata.Finalizers = [RegistryResources.Finalizer]);
        var withStatus = Changed(finalized, r => r.Status.LoginServer = "example.azurecr.io");

        Assert.False(ReconcileTriggers.ShouldReconcile(Updated(before, finalized)));
        Assert.False(ReconcileTriggers.ShouldReconcile(Updated(finalized, withStatus)));
    }

    [Fact]
    public void A_finalizer_taken_away_a_spec_change_or_a_deletion_is()
    {
        var finalized = Changed(RegistryHarness.Sample(), r => r.Metadata.Finalizers = [RegistryResources.Finalizer, "other.example/cleanup"]);

        Assert.True(ReconcileTriggers.ShouldReconcile(Updated(finalized, Changed(finalized, r => r.Metadata.Finalizers = ["other.example/cleanup"]))));
        Assert.True(ReconcileTriggers.ShouldReconcile(Updated(finalized, Changed(finalized, r => r.Metadata.Generation = 2))));
        Assert.True(ReconcileTriggers.ShouldReconcile(Updated(finalized, Changed(finalized, r => r.Metadata.DeletionTimestamp = DateTime.UtcNow))));
        Assert.True(ReconcileTriggers.ShouldReconcile(new ResourceEvent<Registry>(ResourceEventType.Added, finalized)));
    }

    private static ResourceEvent<Registry> Updated(Registry previous, Registry current) => new(ResourceEventType.Updated, current, previous);

    private static Registry Changed(Registry registry, Action<Registry> change)
    {
        var copy = KubeObjects.DeepCopy(registry);
        change(copy);
        return copy;
    }
}
