using System.Globalization;
using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi.Schema;

/// <summary>
/// A CRD version's openAPIV3Schema, used as apiextensions-apiserver uses it: pruning of undeclared fields,
/// defaulting, and validation (kube-openapi, list types, then CEL rules) with the API server's field errors.
/// </summary>
public sealed class StructuralSchema
{
    // ObjectMeta's JSON fields: what survives in the metadata of an embedded resource.
    private static readonly HashSet<string> ObjectMetaFields = new(StringComparer.Ordinal)
    {
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
    };

    private readonly SchemaNode root;

    private StructuralSchema(SchemaNode root)
    {
        this.root = root;
    }

    public static StructuralSchema Parse(JsonObject openApiV3Schema)
    {
        ArgumentNullException.ThrowIfNull(openApiV3Schema);
        return new StructuralSchema(new SchemaNode(openApiV3Schema));
    }

    /// <summary>Removes fields the schema does not declare (except under x-kubernetes-preserve-unknown-fields); returns their paths, e.g. <c>spec.unknownField</c>.</summary>
    public IReadOnlyList<string> Prune(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var pruned = new List<string>();
        Prune(obj, root, "", isResourceRoot: true, pruned);
        return pruned;
    }

    /// <summary>Applies schema defaults in place, as the API server does on create, update and read.</summary>
    public void ApplyDefaults(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        Default(obj, root);
    }

    /// <summary>Validates the object (types, required, enum, pattern, format, bounds, x-kubernetes-validations CEL rules; transition rules only when <paramref name="old"/> is given).</summary>
    public IReadOnlyList<FieldError> Validate(JsonObject obj, JsonObject? old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var errors = OpenApiValidator.Validate(root, obj, "").ToList();

        // Like the API server, CEL rules are skipped when a type or enum error means their inputs are not what they expect.
        if (errors.Any(e => e.Type is "FieldValueTypeInvalid" or "FieldValueNotSupported"))
        {
            errors.Add(FieldErrors.Invalid("", null, "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"));
            return errors;
        }

        errors.AddRange(CelValidator.Validate(root, obj, old, old is not null));
        return errors;
    }

    private static void Prune(JsonNode? value, SchemaNode? s, string path, bool isResourceRoot, List<string> pruned)
    {
        switch (value)
        {
            case JsonObject obj when s is not null:
                var embedded = isResourceRoot || s.EmbeddedResource;
                foreach (var (key, child) in obj.ToList())
                {
                    var childPath = JsonValues.Child(path, key);
                    if (embedded && key is "apiVersion" or "kind")
                    {
                        continue;
                    }

                    if (embedded && key == "metadata")
                    {
                        // The root's metadata is ObjectMeta's business; an embedded object's metadata is cut down to ObjectMeta.
                        if (!isResourceRoot && child is JsonObject metadata)
                        {
                            foreach (var unknown in metadata.Select(p => p.Key).Where(k => !ObjectMetaFields.Contains(k)).ToList())
                            {
                                metadata.Remove(unknown);
                                pruned.Add(JsonValues.Child(childPath, unknown));
                            }
                        }

                        continue;
                    }

                    if (s.Child(key) is { } childSchema)
                    {
                        Prune(child, childSchema, childPath, isResourceRoot: false, pruned);
                    }
                    else if (!s.PreserveUnknownFields && !s.AdditionalPropertiesAllowed)
                    {
                        obj.Remove(key);
                        pruned.Add(childPath);
                    }
                }

                break;
            case JsonArray array when s?.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    Prune(array[i], items, $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]", isResourceRoot: false, pruned);
                }

                break;
        }
    }

    // structuraldefaulting.Default: fill missing (or null non-nullable) properties first, then recurse, so defaults
    // inside an inserted default object apply too; null non-nullable fields without a default are dropped.
    private static void Default(JsonNode? value, SchemaNode s)
    {
        switch (value)
        {
            case JsonObject obj:
                foreach (var (key, property) in s.Properties)
                {
                    var present = obj.TryGetPropertyValue(key, out var current);
                    if (property.HasDefault && (!present || (current is null && !property.Nullable)))
                    {
                        obj[key] = property.Default!.DeepClone();
                    }
                    else if (present && current is null && !property.Nullable && !property.HasDefault)
                    {
                        obj.Remove(key);
                    }
                }

                foreach (var (key, child) in obj.ToList())
                {
                    if (s.Child(key) is { } childSchema)
                    {
                        Default(child, childSchema);
                    }
                }

                break;
            case JsonArray array when s.Items is { } items:
                foreach (var item in array)
                {
                    Default(item, items);
                }

                break;
        }
    }
}
