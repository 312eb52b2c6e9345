namespace AcrOperator.Sandbox.Arm.Resources;

/// <summary>The JSON type a property must have.</summary>
internal enum ArmPropertyKind
{
    String,
    Boolean,
    Integer,
    Object,
    Array,
}
