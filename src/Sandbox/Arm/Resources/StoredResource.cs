using System.Text.Json.Nodes;
using AcrOperator.Sandbox.Arm.Operations;

namespace AcrOperator.Sandbox.Arm.Resources;

/// <summary>A resource as the store holds it: its ARM body, and secrets that GET never returns.</summary>
internal sealed class StoredResource(ArmResourceType type, ArmAddress address, JsonObject body)
{
    public ArmResourceType Type { get; } = type;

    public ArmAddress Address { get; } = address;

    public string Id => Address.Id;

    public string Name => Address.Name;

    public JsonObject Body { get; set; } = body;

    /// <summary>Server-side state kept out of responses (admin passwords, webhook URIs, token passwords).</summary>
    public JsonObject Secrets { get; } = [];

    /// <summary>The create, update or delete still in progress on this resource.</summary>
    public LongRunningOperation? ActiveOperation { get; set; }

    public string? ProvisioningState => Body["properties"]?["provisioningState"]?.GetValue<string>();
}
