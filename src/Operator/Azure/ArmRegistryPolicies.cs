namespace AcrOperator.Azure;

/// <summary>Registry policies; a null member is left as Azure has it (create: Azure's default).</summary>
public sealed record ArmRegistryPolicies(
    bool? QuarantineEnabled = null,
    bool? TrustEnabled = null,
    bool? RetentionEnabled = null,
    int? RetentionDays = null,
    bool? ExportEnabled = null);
