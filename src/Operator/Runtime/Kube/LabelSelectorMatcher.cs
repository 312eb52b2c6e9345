using k8s.Models;

namespace AcrOperator.Runtime.Kube;

/// <summary>
/// Evaluates a metav1.LabelSelector against a label set, as the API server does: <c>matchLabels</c> and every
/// <c>matchExpressions</c> requirement must hold; an empty selector matches everything.
/// </summary>
public static class LabelSelectorMatcher
{
    public static bool Matches(V1LabelSelector selector, IDictionary<string, string>? labels)
    {
        ArgumentNullException.ThrowIfNull(selector);
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            if (labels is null || !labels.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return (selector.MatchExpressions ?? []).All(requirement => Holds(requirement, labels));
    }

    /// <summary>Whether the selector is well formed (known operators, values where they are required and only there).</summary>
    public static string? Validate(V1LabelSelector selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            var values = requirement.Values?.Count ?? 0;
            var problem = requirement.OperatorProperty switch
            {
                "In" or "NotIn" when values == 0 => $"operator {requirement.OperatorProperty} on key {requirement.Key} needs at least one value",
                "Exists" or "DoesNotExist" when values > 0 => $"operator {requirement.OperatorProperty} on key {requirement.Key} takes no values",
                "In" or "NotIn" or "Exists" or "DoesNotExist" => null,
                var other => $"unknown operator '{other}' on key {requirement.Key}; use In, NotIn, Exists or DoesNotExist",
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    private static bool Holds(V1LabelSelectorRequirement requirement, IDictionary<string, string>? labels)
    {
        var present = labels is not null && labels.TryGetValue(requirement.Key, out _);
        var value = present ? labels![requirement.Key] : null;
        return requirement.OperatorProperty switch
        {
            "In" => present && (requirement.Values ?? []).Contains(value, StringComparer.Ordinal),
            "NotIn" => !present || !(requirement.Values ?? []).Contains(value, StringComparer.Ordinal),
            "Exists" => present,
            "DoesNotExist" => !present,
            _ => false,
        };
    }
}
