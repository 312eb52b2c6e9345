namespace AcrOperator.Api.Schema;

/// <summary>
/// A CEL validation rule rendered into the CRD as an <c>x-kubernetes-validations</c> entry. On a class it
/// applies to every object of that type; on a property it applies to that property's value (<c>self</c>).
/// Rules that read <c>oldSelf</c> are transition rules: the API server runs them only on updates where
/// both the old and the new value exist.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true)]
public sealed class CelRuleAttribute(string rule) : Attribute
{
    public string Rule { get; } = rule;

    /// <summary>What the user reads when the rule fails; say what is wrong and what to do.</summary>
    public string? Message { get; init; }

    /// <summary>
    /// Where the error points, relative to the object the rule is on (e.g. <c>.azureName</c>), so a
    /// rule placed on a parent for its access to <c>has()</c> still blames the right field.
    /// </summary>
    public string? FieldPath { get; init; }
}
