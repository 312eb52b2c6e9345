using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi.Schema;

/// <summary>A CRD version's openAPIV3Schema, used as the API server uses it. (Contract; implemented on the schema branch.)</summary>
public sealed class StructuralSchema
{
    private StructuralSchema()
    {
    }

    public static StructuralSchema Parse(JsonObject openApiV3Schema) => throw new NotImplementedException();

    /// <summary>Removes fields the schema does not declare (except under x-kubernetes-preserve-unknown-fields); returns their paths, e.g. <c>spec.unknownField</c>.</summary>
    public IReadOnlyList<string> Prune(JsonObject obj) => throw new NotImplementedException();

    /// <summary>Applies schema defaults in place, as the API server does on create, update and read.</summary>
    public void ApplyDefaults(JsonObject obj) => throw new NotImplementedException();

    /// <summary>Validates the object (types, required, enum, pattern, format, bounds, x-kubernetes-validations CEL rules; transition rules only when <paramref name="old"/> is given).</summary>
    public IReadOnlyList<FieldError> Validate(JsonObject obj, JsonObject? old) => throw new NotImplementedException();
}
