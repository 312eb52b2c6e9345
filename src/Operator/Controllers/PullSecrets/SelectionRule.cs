using AcrOperator.Api.V1Alpha1;
using AcrOperator.Runtime.Kube;
using k8s.Models;

namespace AcrOperator.Controllers.PullSecrets;

/// <summary>
/// Which namespaces a Registry's pull secret goes to (design §4): its own namespace, unless it selects others by
/// label and lives in a namespace the operator trusts; a refused selector falls back to the own namespace and says why.
/// A namespace labelled <c>acr.operator.dev/pull-secrets: disabled</c> is never selected. Terminating namespaces are
/// left to the caller, which neither writes into nor cleans them.
/// </summary>
public sealed record SelectionRule(string OwnNamespace, V1LabelSelector? Selector, string? RefusalReason, string? Refusal)
{
    public static SelectionRule For(Registry registry, IReadOnlyCollection<string> trustedNamespaces)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(trustedNamespaces);
        var own = registry.Metadata.NamespaceProperty;
        if (registry.Spec.PullSecret?.Namespaces is not { } selector)
        {
            return new SelectionRule(own, null, null, null);
        }

        if (!trustedNamespaces.Contains(own, StringComparer.Ordinal))
        {
            return new SelectionRule(own, null, PullSecretConditions.NamespaceNotTrusted,
                $"spec.pullSecret.namespaces selects other namespaces, which only Registries in {string.Join(", ", trustedNamespaces.Order(StringComparer.Ordinal))} may do (operator setting {PullSecretOptions.Section}:TrustedNamespaces); the Secret is written in {own} only. Move the Registry to a trusted namespace or remove the selector.");
        }

        if (LabelSelectorMatcher.Validate(selector) is { } problem)
        {
            return new SelectionRule(own, null, PullSecretConditions.InvalidSelector, $"spec.pullSecret.namespaces is not a valid label selector ({problem}); the Secret is written in {own} only.");
        }

        return new SelectionRule(own, selector, null, null);
    }

    public bool Includes(string @namespace, IDictionary<string, string>? labels)
    {
        if (labels?.TryGetValue(LabelNames.PullSecrets, out var optOut) == true && optOut == LabelNames.PullSecretsDisabled)
        {
            return false;
        }

        return Selector is null ? string.Equals(@namespace, OwnNamespace, StringComparison.Ordinal) : LabelSelectorMatcher.Matches(Selector, labels);
    }

    /// <summary>Whether a namespace, as the cache has it, gets the Secret: selected and not terminating.</summary>
    public bool Serves(k8s.Models.V1ObjectMeta metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return metadata.DeletionTimestamp is null && Includes(metadata.Name, metadata.Labels);
    }
}
