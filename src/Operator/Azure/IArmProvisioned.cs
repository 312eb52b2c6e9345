namespace AcrOperator.Azure;

/// <summary>A resource whose ARM body has <c>properties.provisioningState</c>, which says whether Azure is still working on it.</summary>
public interface IArmProvisioned
{
    /// <summary><c>Creating</c>, <c>Updating</c>, <c>Deleting</c>, <c>Succeeded</c>, <c>Failed</c> or <c>Canceled</c>.</summary>
    string? ProvisioningState { get; }
}
