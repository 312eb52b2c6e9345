namespace AcrOperator.Sandbox.Arm;

/// <summary>How a write (PUT, PATCH, DELETE) completes; ACR answers with all three in practice.</summary>
public enum ArmCompletionStyle
{
    /// <summary>200/201 (204 for DELETE of nothing) with the final state at once.</summary>
    Synchronous,

    /// <summary>201 (PUT/PATCH) or 202 (DELETE) with <c>Azure-AsyncOperation</c> and <c>Retry-After</c>; poll the operation status resource.</summary>
    AzureAsyncOperation,

    /// <summary>202 with <c>Location</c> and <c>Retry-After</c>; the Location answers 202 until done, then 200.</summary>
    Location,
}
