using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;

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
            Tags = spec.Tags is null ? null : new Dictionary<string, string>(spec.Tags, StringComparer.Ordinal),
            AdminUserEnabled = spec.AdminUserEnabled,
            PublicNetworkAccess = spec.PublicNetworkAccess?.ToString(),
            ZoneRedundancy = spec.ZoneRedundancy?.ToString(),
            DataEndpointEnabled = spec.DataEndpointEnabled,
            AnonymousPullEnabled = spec.AnonymousPullEnabled,
            NetworkRuleSet = ToArm(spec.NetworkRuleSet),
            Policies = ToArm(spec.Policies),
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

        return null;
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
            Tags = spec.Tags is { } tags && !SameTags(tags, observed.Tags) ? new Dictionary<string, string>(tags, StringComparer.Ordinal) : null,
            AdminUserEnabled = Differs(spec.AdminUserEnabled, observed.AdminUserEnabled),
            PublicNetworkAccess = spec.PublicNetworkAccess is { } access && !Same(access.ToString(), observed.PublicNetworkAccess ?? nameof(PublicNetworkAccess.Enabled)) ? access.ToString() : null,
            DataEndpointEnabled = Differs(spec.DataEndpointEnabled, observed.DataEndpointEnabled),
            AnonymousPullEnabled = Differs(spec.AnonymousPullEnabled, observed.AnonymousPullEnabled),
            NetworkRuleSet = networkRuleSet is not null && !SameRules(networkRuleSet, observed.NetworkRuleSet) ? networkRuleSet : null,
            Policies = policies is not null && !SamePolicies(policies, observed.Policies) ? policies : null,
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

    private static bool? Differs(bool? wanted, bool actual) => wanted is { } value && value != actual ? value : null;

    private static bool Same(string a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    // ARM answers with display names at times ("West Europe"); the spec uses programmatic names.
    private static bool SameLocation(string a, string b) =>
        Same(a.Replace(" ", "", StringComparison.Ordinal), b.Replace(" ", "", StringComparison.Ordinal));

    private static bool SameTags(IDictionary<string, string> wanted, IReadOnlyDictionary<string, string> actual) =>
        wanted.Count == actual.Count && wanted.All(t => actual.TryGetValue(t.Key, out var value) && string.Equals(value, t.Value, StringComparison.Ordinal));

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
