namespace AcrOperator.Sandbox.Arm.Resources;

/// <summary>
/// One property of a request body: its dotted path (<c>sku.name</c>, <c>properties.networkRuleSet.defaultAction</c>),
/// JSON type, whether it is required, and for enums the allowed values. Enum values match case-insensitively and
/// are stored in the spec's casing, as ACR does.
/// </summary>
internal sealed record ArmPropertyRule(string Path, ArmPropertyKind Kind, bool Required = false, IReadOnlyList<string>? Allowed = null)
{
    public static ArmPropertyRule Enum(string path, bool required, params string[] allowed) => new(path, ArmPropertyKind.String, required, allowed);
}
