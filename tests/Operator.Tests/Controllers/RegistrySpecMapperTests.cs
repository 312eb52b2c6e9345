using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using AcrOperator.Controllers;

namespace AcrOperator.Tests.Controllers;

/// <summary>The identity and encryption parts of the spec-to-ARM mapping: what a create sends and what a PATCH carries.</summary>
public sealed class RegistrySpecMapperTests
{
    private const string UserA = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-a";
    private const string UserB = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-b";
    private const string Key = "https://vault1.vault.azure.net/keys/key1";
    private const string KeyReader = "0f5c4e6a-7b8c-4d9e-8f01-23456789abcd";

    [Fact]
    public void A_create_sends_the_identity_in_Azure_spelling_and_the_encryption_key()
    {
        var spec = Spec(new RegistryIdentity { Type = RegistryIdentityType.SystemAssignedUserAssigned, UserAssignedIdentities = [UserA, UserA.ToUpperInvariant()] }, Encrypted(Key));

        var definition = RegistrySpecMapper.ToDefinition(spec);

        Assert.Equal("SystemAssigned, UserAssigned", definition.Identity!.Type);
        Assert.Equal([UserA], definition.Identity.UserAssignedIdentities);
        Assert.Empty(definition.Identity.RemovedUserAssignedIdentities);
        Assert.Equal(new ArmRegistryEncryption(true, Key, KeyReader), definition.Encryption);
    }

    [Fact]
    public void The_same_identities_in_other_casing_need_no_PATCH_and_an_unmanaged_identity_is_left_alone()
    {
        var observed = Observed(new ArmRegistryIdentity("SystemAssigned, UserAssigned", [UserA.ToLowerInvariant()], "p", "t"));

        Assert.True(RegistrySpecMapper.Diff(Spec(new RegistryIdentity { Type = RegistryIdentityType.SystemAssignedUserAssigned, UserAssignedIdentities = [UserA] }), observed).IsEmpty);
        Assert.True(RegistrySpecMapper.Diff(Spec(identity: null), observed).IsEmpty);
        Assert.True(RegistrySpecMapper.Diff(Spec(new RegistryIdentity { Type = RegistryIdentityType.None }), Observed(identity: null)).IsEmpty);
    }

    [Fact]
    public void A_changed_identity_set_is_one_PATCH_that_attaches_the_new_and_detaches_the_old_by_null()
    {
        var observed = Observed(new ArmRegistryIdentity("UserAssigned", [UserA]));

        var update = RegistrySpecMapper.Diff(Spec(new RegistryIdentity { Type = RegistryIdentityType.UserAssigned, UserAssignedIdentities = [UserB] }), observed);
        var json = ArmRegistryJson.WriteUpdate(update).ToString();

        Assert.Equal(["identity"], RegistrySpecMapper.Fields(update));
        Assert.Equal($$$$"""{"identity":{"type":"UserAssigned","userAssignedIdentities":{"{{{{UserB}}}}":{},"{{{{UserA}}}}":null}}}""", json);
    }

    [Fact]
    public void A_type_without_UserAssigned_detaches_them_by_itself()
    {
        var update = RegistrySpecMapper.Diff(Spec(new RegistryIdentity { Type = RegistryIdentityType.SystemAssigned }), Observed(new ArmRegistryIdentity("UserAssigned", [UserA])));

        Assert.Equal("""{"identity":{"type":"SystemAssigned"}}""", ArmRegistryJson.WriteUpdate(update).ToString());
    }

    [Fact]
    public void A_rotated_key_or_new_key_reader_is_a_PATCH_and_the_same_key_in_other_casing_is_not()
    {
        var observed = Observed(encryption: new ArmRegistryEncryption(true, Key + "/", KeyReader));

        Assert.True(RegistrySpecMapper.Diff(Spec(encryption: Encrypted(Key.ToUpperInvariant())), observed).IsEmpty);
        Assert.True(RegistrySpecMapper.Diff(Spec(encryption: Encrypted(Key, reader: null)), observed).IsEmpty);
        Assert.Equal(new ArmRegistryEncryption(true, Key + "2", KeyReader), RegistrySpecMapper.Diff(Spec(encryption: Encrypted(Key + "2")), observed).Encryption);
        var reader = "9e8d7c6b-5a49-4382-9170-fedcba987654";
        Assert.Equal(new ArmRegistryEncryption(true, Key, reader), RegistrySpecMapper.Diff(Spec(encryption: Encrypted(Key, reader)), observed).Encryption);
    }

    [Fact]
    public void Turning_encryption_on_or_off_is_an_immutable_difference_with_the_way_out()
    {
        var enable = RegistrySpecMapper.ImmutableDifference(Spec(encryption: Encrypted(Key)), Observed(encryption: new ArmRegistryEncryption(false)));
        var disable = RegistrySpecMapper.ImmutableDifference(Spec(encryption: new RegistryEncryption { Status = EnabledState.Disabled }), Observed(encryption: new ArmRegistryEncryption(true, Key, KeyReader)));

        Assert.Contains("spec.encryption.status is enabled", enable, StringComparison.Ordinal);
        Assert.Contains("only set when it creates a registry", enable, StringComparison.Ordinal);
        Assert.Contains("cannot be turned off", disable, StringComparison.Ordinal);
        Assert.Contains(Key, disable, StringComparison.Ordinal);
        Assert.Null(RegistrySpecMapper.ImmutableDifference(Spec(encryption: new RegistryEncryption { Status = EnabledState.Disabled }), Observed(encryption: null)));
        Assert.True(RegistrySpecMapper.Diff(Spec(encryption: new RegistryEncryption { Status = EnabledState.Disabled }), Observed(encryption: null)).IsEmpty);
    }

    private static RegistrySpec Spec(RegistryIdentity? identity = null, RegistryEncryption? encryption = null) => new()
    {
        ResourceGroup = "rg1",
        Location = "westus",
        Identity = identity,
        Encryption = encryption,
    };

    private static RegistryEncryption Encrypted(string key, string? reader = KeyReader) => new()
    {
        Status = EnabledState.Enabled,
        KeyVaultProperties = new KeyVaultProperties { KeyIdentifier = key, Identity = reader },
    };

    private static ArmRegistry Observed(ArmRegistryIdentity? identity = null, ArmRegistryEncryption? encryption = null) => new()
    {
        Id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.ContainerRegistry/registries/reg1",
        Name = "reg1",
        Location = "westus",
        Sku = "Premium",
        Identity = identity,
        Encryption = encryption,
    };
}
