using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using static AcrOperator.Controllers.SpecValues;

namespace AcrOperator.Controllers;

/// <summary>
/// Turns a Registry spec into ARM's models: the full definition for a create, and for an existing registry only
/// the fields that differ, so a converged registry costs no write and a changed one exactly one PATCH.
/// A spec field left unset is not managed: whatever Azure has stays.
/// </summary>
public static class RegistrySpecMapper
{
    /// <summary>The registry's name in Azure: <c>spec.azureName</c>, else the resource's name without dashes.</summary>
    public static string AzureName(Registry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Spec.AzureName is { Length: > 0 } name ? name : registry.Metadata.Name.Replace("-", "", StringComparison.Ordinal);
    }

    public static ArmRegistryDefinition ToDefinition(RegistrySpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new ArmRegistryDefinition
        {
            Location = spec.Location,
            Sku = (spec.Sku ?? RegistrySku.Basic).ToString(),
            Tags = Tags(spec.Tags),
            AdminUserEnabled = spec.AdminUserEnabled,
            PublicNetworkAccess = spec.PublicNetworkAccess?.ToString(),
            ZoneRedundancy = spec.ZoneRedundancy?.ToString(),
            DataEndpointEnabled = spec.DataEndpointEnabled,
            AnonymousPullEnabled = spec.AnonymousPullEnabled,
            NetworkRuleSet = ToArm(spec.NetworkRuleSet),
            Policies = ToArm(spec.Policies),
            Identity = spec.Identity is { } identity ? new ArmRegistryIdentity(ArmType(identity.Type), UserAssigned(identity)) : null,
            Encryption = ToArm(spec.Encryption),
        };
    }

    /// <summary>What the spec asks for that Azure cannot change on an existing registry, as a message; null when nothing.</summary>
    public static string? ImmutableDifference(RegistrySpec spec, ArmRegistry observed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(observed);
        if (!SameLocation(spec.Location, observed.Location))
        {
            return $"spec.location is {spec.Location} but the registry in Azure is in {observed.Location}, which cannot change; set spec.location to {observed.Location} or use another spec.azureName.";
        }

        if (spec.ZoneRedundancy is { } zones && !Same(zones.ToString(), observed.ZoneRedundancy ?? nameof(ZoneRedundancy.Disabled)))
        {
            return $"spec.zoneRedundancy is {zones} but the registry in Azure has {observed.ZoneRedundancy ?? "Disabled"}, fixed when it was created; set spec.zoneRedundancy to match.";
        }

        var encrypted = observed.Encryption?.Enabled ?? false;
        return spec.Encryption?.Status switch
        {
            EnabledState.Enabled when !encrypted =>
                "spec.encryption.status is enabled but the registry in Azure has no customer-managed-key encryption, which Azure can only set when it creates a registry; set spec.encryption.status to disabled, or use another spec.azureName for a new, encrypted registry.",
            EnabledState.Disabled when encrypted =>
                $"spec.encryption.status is disabled but the registry in Azure is encrypted with the customer-managed key {observed.Encryption!.KeyIdentifier}, which cannot be turned off; set spec.encryption.status to enabled with that key, or remove spec.encryption.",
            _ => null,
        };
    }

    /// <summary>The PATCH that makes <paramref name="observed"/> match <paramref name="spec"/>; empty when it already does.</summary>
    public static ArmRegistryUpdate Diff(RegistrySpec spec, ArmRegistry observed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(observed);
        var networkRuleSet = ToArm(spec.NetworkRuleSet);
        var policies = ToArm(spec.Policies);
        return new ArmRegistryUpdate
        {
            Sku = spec.Sku is { } sku && !Same(sku.ToString(), observed.Sku) ? sku.ToString() : null,
            Tags = Tags(spec.Tags, observed.Tags),
            AdminUserEnabled = Differs(spec.AdminUserEnabled, observed.AdminUserEnabled),
            PublicNetworkAccess = spec.PublicNetworkAccess is { } access && !Same(access.ToString(), observed.PublicNetworkAccess ?? nameof(PublicNetworkAccess.Enabled)) ? access.ToString() : null,
            DataEndpointEnabled = Differs(spec.DataEndpointEnabled, observed.DataEndpointEnabled),
            AnonymousPullEnabled = Differs(spec.AnonymousPullEnabled, observed.AnonymousPullEnabled),
            NetworkRuleSet = networkRuleSet is not null && !SameRules(networkRuleSet, observed.NetworkRuleSet) ? networkRuleSet : null,
            Policies = policies is not null && !SamePolicies(policies, observed.Policies) ? policies : null,
            Identity = spec.Identity is { } identity ? IdentityUpdate(identity, observed.Identity) : null,
            Encryption = spec.Encryption is { } encryption ? EncryptionUpdate(encryption, observed.Encryption) : null,
        };
    }

    /// <summary>The spec fields an update carries, for events and logs (values are left out: tags can be sensitive).</summary>
    public static IReadOnlyList<string> Fields(ArmRegistryUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var fields = new List<string>();
        Add(update.Sku, "sku");
        Add(update.Tags, "tags");
        Add(update.AdminUserEnabled, "adminUserEnabled");
        Add(update.PublicNetworkAccess, "publicNetworkAccess");
        Add(update.DataEndpointEnabled, "dataEndpointEnabled");
        Add(update.AnonymousPullEnabled, "anonymousPullEnabled");
        Add(update.NetworkRuleSet, "networkRuleSet");
        Add(update.Policies, "policies");
        Add(update.Identity, "identity");
        Add(update.Encryption, "encryption");
        return fields;

        void Add(object? value, string name)
        {
            if (value is not null)
            {
                fields.Add(name);
            }
        }
    }

    /// <summary>
    /// The identity PATCH when the type or the set of user-assigned identities differs (ARM ids compare ignoring
    /// case). ARM merges user-assigned identities on PATCH, so those to detach are named with a null value; a type
    /// without UserAssigned detaches them all by itself.
    /// </summary>
    private static ArmRegistryIdentity? IdentityUpdate(RegistryIdentity wanted, ArmRegistryIdentity? observed)
    {
        var type = ArmType(wanted.Type);
        var users = UserAssigned(wanted);
        var attached = observed?.UserAssignedIdentities ?? [];
        var sameUsers = users.Count == attached.Count && users.All(u => attached.Contains(u, StringComparer.OrdinalIgnoreCase));
        if (Kinds(type) == Kinds(observed?.Type) && sameUsers)
        {
            return null;
        }

        return new ArmRegistryIdentity(type, users)
        {
            RemovedUserAssignedIdentities = Kinds(type).User ? [.. attached.Where(a => !users.Contains(a, StringComparer.OrdinalIgnoreCase))] : [],
        };
    }

    /// <summary>
    /// The encryption PATCH when the key or the identity reading it differs; only an encrypted registry has either,
    /// and turning encryption on or off is an <see cref="ImmutableDifference"/>. An unset identity is left to Azure.
    /// </summary>
    private static ArmRegistryEncryption? EncryptionUpdate(RegistryEncryption wanted, ArmRegistryEncryption? observed)
    {
        if (wanted.Status != EnabledState.Enabled || wanted.KeyVaultProperties is not { } vault || observed is not { Enabled: true })
        {
            return null;
        }

        var identity = vault.Identity ?? observed.IdentityClientId;
        return SameKey(vault.KeyIdentifier, observed.KeyIdentifier) && string.Equals(identity, observed.IdentityClientId, StringComparison.OrdinalIgnoreCase)
            ? null
            : new ArmRegistryEncryption(true, vault.KeyIdentifier, identity);
    }

    // Key Vault URLs: host and key names ignore case, and a trailing slash changes nothing.
    private static bool SameKey(string wanted, string? actual) =>
        string.Equals(wanted.TrimEnd('/'), actual?.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static ArmRegistryEncryption? ToArm(RegistryEncryption? encryption) => encryption is null
        ? null
        : encryption.Status == EnabledState.Enabled
            ? new ArmRegistryEncryption(true, encryption.KeyVaultProperties?.KeyIdentifier, encryption.KeyVaultProperties?.Identity)
            : new ArmRegistryEncryption(false);

    private static string ArmType(RegistryIdentityType type) => type switch
    {
        RegistryIdentityType.SystemAssigned => "SystemAssigned",
        RegistryIdentityType.UserAssigned => "UserAssigned",
        RegistryIdentityType.SystemAssignedUserAssigned => "SystemAssigned, UserAssigned",
        _ => "None",
    };

    /// <summary>Which kinds of identity an ARM identity type names; absent is None.</summary>
    private static (bool System, bool User) Kinds(string? type) =>
        (type?.Contains("SystemAssigned", StringComparison.OrdinalIgnoreCase) == true, type?.Contains("UserAssigned", StringComparison.OrdinalIgnoreCase) == true);

    private static IReadOnlyList<string> UserAssigned(RegistryIdentity identity) =>
        Kinds(ArmType(identity.Type)).User ? [.. (identity.UserAssignedIdentities ?? []).Distinct(StringComparer.OrdinalIgnoreCase)] : [];

    private static bool SameRules(ArmNetworkRuleSet wanted, ArmNetworkRuleSet? actual)
    {
        actual ??= new ArmNetworkRuleSet(nameof(NetworkDefaultAction.Allow), []);
        return Same(wanted.DefaultAction, actual.DefaultAction)
            && wanted.IpRules.Order(StringComparer.Ordinal).SequenceEqual(actual.IpRules.Order(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    // Only the policies the spec names are compared; the others are Azure's to keep.
    private static bool SamePolicies(ArmRegistryPolicies wanted, ArmRegistryPolicies? actual) =>
        (wanted.QuarantineEnabled is null || wanted.QuarantineEnabled == actual?.QuarantineEnabled)
        && (wanted.TrustEnabled is null || wanted.TrustEnabled == actual?.TrustEnabled)
        && (wanted.RetentionEnabled is null || wanted.RetentionEnabled == actual?.RetentionEnabled)
        && (wanted.RetentionDays is null || wanted.RetentionDays == actual?.RetentionDays)
        && (wanted.ExportEnabled is null || wanted.ExportEnabled == actual?.ExportEnabled);

    private static ArmNetworkRuleSet? ToArm(NetworkRuleSet? rules) => rules is null
        ? null
        : new ArmNetworkRuleSet((rules.DefaultAction ?? NetworkDefaultAction.Allow).ToString(), [.. (rules.IpRules ?? []).Select(r => r.Value)]);

    private static ArmRegistryPolicies? ToArm(RegistryPolicies? policies) => policies is null
        ? null
        : new ArmRegistryPolicies(
            QuarantineEnabled: Enabled(policies.QuarantinePolicy?.Status),
            TrustEnabled: Enabled(policies.TrustPolicy?.Status),
            RetentionEnabled: Enabled(policies.RetentionPolicy?.Status),
            RetentionDays: policies.RetentionPolicy?.Days,
            ExportEnabled: Enabled(policies.ExportPolicy?.Status));

    private static bool? Enabled(EnabledState? state) => state is null ? null : state == EnabledState.Enabled;
}
