using System.Text.RegularExpressions;

namespace AcrOperator.Sandbox.KubeApi.Schema;

/// <summary>One <c>x-kubernetes-validations</c> entry.</summary>
internal sealed partial record ValidationRule(string Rule, string? Message, string? MessageExpression, string? FieldPath, string? Reason)
{
    /// <summary>A transition rule reads oldSelf; the API server runs it only on updates where the old value exists.</summary>
    public bool IsTransition => OldSelf().IsMatch(Rule);

    public bool MessageUsesOldSelf => MessageExpression is not null && OldSelf().IsMatch(MessageExpression);

    [GeneratedRegex(@"\boldSelf\b")]
    private static partial Regex OldSelf();
}
