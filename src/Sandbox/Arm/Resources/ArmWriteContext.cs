using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.Arm.Resources;

/// <summary>A PUT or PATCH in progress, as the type hooks see it.</summary>
internal sealed class ArmWriteContext(ArmRequestContext request, ArmAddress address, StoredResource? existing, JsonObject body, JsonObject resource)
{
    public ArmRequestContext Request { get; } = request;

    public ArmAddress Address { get; } = address;

    /// <summary>The stored resource before this write, or null on create.</summary>
    public StoredResource? Existing { get; } = existing;

    public bool IsCreate => Existing is null;

    /// <summary>The request body, read-only fields removed.</summary>
    public JsonObject Body { get; } = body;

    /// <summary>The resource as it will be stored.</summary>
    public JsonObject Resource { get; } = resource;
}
