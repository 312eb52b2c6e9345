using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using AcrOperator.Controllers;
using AcrOperator.Runtime.Status;
using AcrOperator.Tests.Azure;

namespace AcrOperator.Tests.Controllers;

/// <summary>spec.identity and spec.encryption against both emulators: sent on create, kept in step by one PATCH, and what Azure cannot change.</summary>
public sealed class RegistryIdentityAndEncryptionTests
{
    private const string Key = "https://vault1.vault.azure.net/keys/key1";
    private const string KeyReader = "0f5c4e6a-7b8c-4d9e-8f01-23456789abcd";
    private static readonly string UserA = $"/subscriptions/{ArmClientHarness.Subscription}/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-a";
    private static readonly string UserB = $"/subscriptions/{ArmClientHarness.Subscription}/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-b";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Identity_and_encryption_are_created_with_the_registry_and_a_resync_writes_nothing()
    {
        await using var h = await RegistryHarness.StartAsync();
        await h.ApplyAsync(Encrypted(Sample(RegistryIdentityType.SystemAssignedUserAssigned, UserA)));

        await h.ReconcileAsync();

        var observed = await ObserveAsync(h);
        Assert.Equal("SystemAssigned, UserAssigned", observed.Identity!.Type);
        Assert.True(Guid.TryParse(observed.Identity.PrincipalId, out _), "Azure gives the system-assigned identity a principal");
        Assert.NotNull(observed.Identity.TenantId);
        Assert.Equal([UserA], observed.Identity.UserAssignedIdentities);
        Assert.Equal(new ArmRegistryEncryption(true, Key, KeyReader), observed.Encryption);
        Assert.True(RegistryHarness.IsReady(await h.ReadAsync()));

        var writes = h.ArmWrites;
        await h.ReconcileAsync();
        Assert.Equal(writes, h.ArmWrites);
    }

    [Fact]
    public async Task Identity_drift_in_Azure_and_identity_changes_in_the_spec_are_one_PATCH_each()
    {
        await using var h = await RegistryHarness.StartAsync();
        await h.ApplyAsync(Sample(RegistryIdentityType.UserAssigned, UserA, UserB));
        await h.ReconcileAsync();
        var client = h.Arm.CreateClient().Client;
        await client.BeginUpdateAsync(RegistryHarness.Id, new ArmRegistryUpdate { Identity = new ArmRegistryIdentity("UserAssigned", []) { RemovedUserAssignedIdentities = [UserB] } }, Ct);
        Assert.Equal([UserA], (await ObserveAsync(h)).Identity!.UserAssignedIdentities);

        await h.ReconcileAsync();
        Assert.Equal([UserA, UserB], (await ObserveAsync(h)).Identity!.UserAssignedIdentities.Order(StringComparer.Ordinal));
        Assert.Equal(2, h.ArmRequests("PATCH"));

        await h.PatchSpecAsync($$$$"""{"spec":{"identity":{"type":"SystemAssigned, UserAssigned","userAssignedIdentities":["{{{{UserB[..^"id-b".Length] + "ID-B"}}}}"]}}}""");
        await h.ReconcileAsync();

        var changed = await ObserveAsync(h);
        Assert.Equal("SystemAssigned, UserAssigned", changed.Identity!.Type);
        Assert.Equal([UserB], changed.Identity.UserAssignedIdentities, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(3, h.ArmRequests("PATCH"));
        Assert.Contains(h.Events, e => e.Reason == AzureConditions.Updating && e.Message.EndsWith(": identity", StringComparison.Ordinal));
        Assert.True(RegistryHarness.IsReady(await h.ReadAsync()));
    }

    [Fact]
    public async Task A_new_key_in_the_spec_rotates_the_encryption_key_with_one_PATCH()
    {
        await using var h = await RegistryHarness.StartAsync();
        await h.ApplyAsync(Encrypted(Sample(RegistryIdentityType.UserAssigned, UserA)));
        await h.ReconcileAsync();

        await h.PatchSpecAsync($$$$$"""{"spec":{"encryption":{"keyVaultProperties":{"keyIdentifier":"{{{{{Key}}}}}2"}}}}""");
        await h.ReconcileAsync();

        Assert.Equal(new ArmRegistryEncryption(true, Key + "2", KeyReader), (await ObserveAsync(h)).Encryption);
        Assert.Equal(1, h.ArmRequests("PATCH"));
        Assert.True(RegistryHarness.IsReady(await h.ReadAsync()));
    }

    [Fact]
    public async Task Adopting_an_unencrypted_registry_with_encryption_in_the_spec_ends_Stalled_InvalidSpec()
    {
        await using var h = await RegistryHarness.StartAsync();
        await h.Arm.CreateClient().Client.BeginCreateAsync(RegistryHarness.Id, RegistrySpecMapper.ToDefinition(Sample(RegistryIdentityType.UserAssigned, UserA).Spec), Ct);
        await h.ApplyAsync(Encrypted(Sample(RegistryIdentityType.UserAssigned, UserA)));

        var result = await h.ReconcileAsync();

        var stalled = Conditions.Find((await h.ReadAsync())!.Status.Conditions, ConditionTypes.Stalled);
        Assert.Equal(AzureConditions.InvalidSpec, stalled?.Reason);
        Assert.Contains("spec.encryption.status is enabled", stalled!.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.ArmRequests("PATCH"));
        Assert.True(result.RequeueAfter >= TimeSpan.FromMinutes(10));
    }

    private static Registry Sample(RegistryIdentityType type, params string[] users)
    {
        var registry = RegistryHarness.Sample();
        registry.Spec.Sku = RegistrySku.Premium;
        registry.Spec.Identity = new RegistryIdentity { Type = type, UserAssignedIdentities = users.Length == 0 ? null : [.. users] };
        return registry;
    }

    private static Registry Encrypted(Registry registry)
    {
        registry.Spec.Encryption = new RegistryEncryption
        {
            Status = EnabledState.Enabled,
            KeyVaultProperties = new KeyVaultProperties { KeyIdentifier = Key, Identity = KeyReader },
        };
        return registry;
    }

    private static async Task<ArmRegistry> ObserveAsync(RegistryHarness h) =>
        (await h.Arm.CreateClient().Client.GetAsync(RegistryHarness.Id, Ct))!;
}
