namespace AcrOperator.Azure;

/// <summary>Which of ARM's per-subscription buckets a request draws on: GET/HEAD read, everything else writes.</summary>
public enum ArmAccess
{
    Read,
    Write,
}
