namespace AcrOperator.Controllers;

/// <summary>How the Registry controller paces itself (section <c>Operator:Registry</c>), and its default subscription.</summary>
public sealed class RegistryReconcilerOptions : ReconcilerOptions
{
    public const string Section = "Operator:Registry";

    /// <summary>The subscription of registries whose spec names none; taken from the Azure settings.</summary>
    public string? DefaultSubscriptionId { get; set; }
}
