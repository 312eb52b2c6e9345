namespace AcrOperator.Azure;

/// <summary>Where an operation stands after a start or a poll; the last three are terminal.</summary>
public enum ArmOperationState
{
    InProgress,
    Succeeded,
    Failed,
    Canceled,
}
