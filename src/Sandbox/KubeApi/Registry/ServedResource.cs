using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Model;
using AcrOperator.Sandbox.KubeApi.Schema;

namespace AcrOperator.Sandbox.KubeApi.Registry;

/// <summary>
/// A served resource and the registry strategy the apiserver applies to it (create-on-update, unconditional
/// update, generation, status subresource, extra field selectors, schema).
/// </summary>
internal sealed class ServedResource
{
    private StructuralSchema? schema;

    public ServedResource(ResourceDescriptor descriptor, string? crdName = null)
    {
        Descriptor = descriptor;
        CrdName = crdName;
        StorageKey = descriptor.Group + "/" + descriptor.Plural;
        SchemaIsTrivial = IsTrivial(descriptor.OpenApiV3Schema);
    }

    public ResourceDescriptor Descriptor { get; }

    /// <summary>Version-independent key of the stored collection: <c>group/plural</c>.</summary>
    public string StorageKey { get; }

    /// <summary>The CRD that defines this resource, when it is a custom resource.</summary>
    public string? CrdName { get; }

    public bool AllowCreateOnUpdate { get; init; }

    /// <summary>Custom resources refuse a PUT without metadata.resourceVersion (customResourceStrategy).</summary>
    public bool AllowUnconditionalUpdate { get; init; } = true;

    /// <summary>Whether the strategy maintains metadata.generation (custom resources and CRDs).</summary>
    public bool TracksGeneration { get; init; }

    /// <summary>Extra field-selector labels beyond metadata.name and metadata.namespace, with how to read them.</summary>
    public IReadOnlyDictionary<string, Func<JsonObject, string?>> ExtraFields { get; init; } =
        new Dictionary<string, Func<JsonObject, string?>>();

    /// <summary>
    /// A schema that only says "an object, keep everything" gives defaulting, pruning and validation nothing to do,
    /// so the handlers skip them.
    /// </summary>
    public bool SchemaIsTrivial { get; }

    public StructuralSchema Schema => schema ??= StructuralSchema.Parse(Descriptor.OpenApiV3Schema!);

    private static bool IsTrivial(JsonObject? openApiSchema)
    {
        if (openApiSchema is null)
        {
            return true;
        }

        foreach (var (key, value) in openApiSchema)
        {
            var harmless = key switch
            {
                "type" => value?.GetValue<string>() == "object",
                "x-kubernetes-preserve-unknown-fields" => value?.GetValue<bool>() == true,
                "description" => true,
                _ => false,
            };
            if (!harmless)
            {
                return false;
            }
        }

        return openApiSchema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
    }
}
