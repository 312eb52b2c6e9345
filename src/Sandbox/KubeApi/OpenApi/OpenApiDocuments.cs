using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Model;

namespace AcrOperator.Sandbox.KubeApi.OpenApi;

/// <summary>
/// The /openapi/v3 index and per group-version documents kubectl needs. Every PATCH, PUT and POST operation names its
/// group-version-kind and advertises the fieldValidation query parameter, so kubectl 1.32's query_param_verifier_v3
/// trusts server-side validation (and skips client-side validation that would need /openapi/v2).
/// </summary>
public static class OpenApiDocuments
{
    private const string ObjectMetaRef = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    /// <summary>The <c>GET /openapi/v3</c> index: paths to per-GV documents with a <c>?hash=</c> that changes when their content does.</summary>
    public static JsonObject Index(IReadOnlyList<ResourceDescriptor> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var paths = new JsonObject();
        foreach (var path in resources.Select(PathOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var document = ForGroupVersion(resources, path)!;
            var hash = Convert.ToHexString(SHA512.HashData(Encoding.UTF8.GetBytes(document.ToJsonString())));
            paths[path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={hash}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document for <c>api/v1</c> or <c>apis/{group}/{version}</c>; null when no resource is served there.</summary>
    public static JsonObject? ForGroupVersion(IReadOnlyList<ResourceDescriptor> resources, string path)
    {
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(path);
        var normalized = path.Split('?')[0].Trim('/');
        if (normalized.StartsWith("openapi/v3/", StringComparison.Ordinal))
        {
            normalized = normalized["openapi/v3/".Length..];
        }

        var served = resources.Where(r => PathOf(r) == normalized).OrderBy(r => r.Plural, StringComparer.Ordinal).ToList();
        if (served.Count == 0)
        {
            return null;
        }

        var paths = new JsonObject();
        var schemas = new JsonObject { [ObjectMetaRef] = ObjectMetaSchema() };
        foreach (var resource in served)
        {
            var schemaName = SchemaName(resource);
            schemas[schemaName] = KindSchema(resource);
            AddPaths(paths, resource, schemaName);
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static string PathOf(ResourceDescriptor resource) =>
        resource.Group.Length == 0 ? $"api/{resource.Version}" : $"apis/{resource.Group}/{resource.Version}";

    // The names the real server uses: Go package paths for built-ins, the reversed group for custom resources.
    private static string SchemaName(ResourceDescriptor resource)
    {
        var prefix = resource.Group switch
        {
            "" => "io.k8s.api.core",
            "apiextensions.k8s.io" => "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions",
            _ when !resource.IsCustomResource && resource.Group.EndsWith(".k8s.io", StringComparison.Ordinal) => $"io.k8s.api.{resource.Group.Split('.')[0]}",
            _ when !resource.IsCustomResource && !resource.Group.Contains('.', StringComparison.Ordinal) => $"io.k8s.api.{resource.Group}",
            _ => string.Join('.', resource.Group.Split('.').Reverse()),
        };
        return $"{prefix}.{resource.Version}.{resource.Kind}";
    }

    private static JsonObject Gvk(ResourceDescriptor resource) => new()
    {
        ["group"] = resource.Group,
        ["version"] = resource.Version,
        ["kind"] = resource.Kind,
    };

    private static JsonObject KindSchema(ResourceDescriptor resource)
    {
        // Custom resources publish their own schema; built-ins are permissive here because the server validates them.
        var schema = resource.OpenApiV3Schema?.DeepClone() as JsonObject
            ?? new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
        var properties = schema["properties"] as JsonObject ?? [];
        schema["properties"] = properties;
        properties["apiVersion"] ??= new JsonObject { ["type"] = "string", ["description"] = "APIVersion defines the versioned schema of this representation of an object." };
        properties["kind"] ??= new JsonObject { ["type"] = "string", ["description"] = "Kind is a string value representing the REST resource this object represents." };
        properties["metadata"] = new JsonObject
        {
            ["description"] = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
            ["default"] = new JsonObject(),
            ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = $"#/components/schemas/{ObjectMetaRef}" }),
        };
        schema["x-kubernetes-group-version-kind"] = new JsonArray(Gvk(resource));
        return schema;
    }

    private static JsonObject ObjectMetaSchema()
    {
        JsonObject Str() => new() { ["type"] = "string" };
        JsonObject StringMap() => new() { ["type"] = "object", ["additionalProperties"] = Str() };
        return new JsonObject
        {
            ["description"] = "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["name"] = Str(),
                ["generateName"] = Str(),
                ["namespace"] = Str(),
                ["uid"] = Str(),
                ["resourceVersion"] = Str(),
                ["generation"] = new JsonObject { ["type"] = "integer", ["format"] = "int64" },
                ["creationTimestamp"] = new JsonObject { ["type"] = "string", ["format"] = "date-time" },
                ["deletionTimestamp"] = new JsonObject { ["type"] = "string", ["format"] = "date-time" },
                ["labels"] = StringMap(),
                ["annotations"] = StringMap(),
                ["finalizers"] = new JsonObject { ["type"] = "array", ["items"] = Str(), ["x-kubernetes-list-type"] = "set" },
                ["ownerReferences"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true } },
                ["managedFields"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true } },
            },
        };
    }

    private static void AddPaths(JsonObject paths, ResourceDescriptor resource, string schemaName)
    {
        var prefix = resource.Group.Length == 0 ? $"/api/{resource.Version}" : $"/apis/{resource.Group}/{resource.Version}";
        var collection = resource.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{resource.Plural}" : $"{prefix}/{resource.Plural}";
        var id = OperationSuffix(resource);
        var verbs = resource.Verbs.ToHashSet(StringComparer.Ordinal);

        var collectionOps = new JsonObject();
        if (verbs.Contains("list"))
        {
            collectionOps["get"] = Operation(resource, $"list{id}", "list", schemaName, []);
        }

        if (verbs.Contains("create"))
        {
            collectionOps["post"] = Operation(resource, $"create{id}", "post", schemaName, ["dryRun", "fieldManager", "fieldValidation"], withBody: true);
        }

        if (verbs.Contains("deletecollection"))
        {
            collectionOps["delete"] = Operation(resource, $"deletecollection{id}", "deletecollection", schemaName, []);
        }

        AddPath(paths, collection, collectionOps, resource.Namespaced ? ["namespace"] : []);

        var item = $"{collection}/{{name}}";
        AddPath(paths, item, ItemOperations(resource, verbs, id, schemaName, ""), resource.Namespaced ? ["name", "namespace"] : ["name"]);
        if (resource.HasStatusSubresource)
        {
            AddPath(paths, $"{item}/status", ItemOperations(resource, new HashSet<string>(["get", "update", "patch"], StringComparer.Ordinal), id, schemaName, "Status"), resource.Namespaced ? ["name", "namespace"] : ["name"]);
        }
    }

    private static JsonObject ItemOperations(ResourceDescriptor resource, HashSet<string> verbs, string id, string schemaName, string subresource)
    {
        var ops = new JsonObject();
        if (verbs.Contains("get"))
        {
            ops["get"] = Operation(resource, $"read{id}{subresource}", "get", schemaName, []);
        }

        if (verbs.Contains("update"))
        {
            ops["put"] = Operation(resource, $"replace{id}{subresource}", "put", schemaName, ["dryRun", "fieldManager", "fieldValidation"], withBody: true);
        }

        if (verbs.Contains("patch"))
        {
            ops["patch"] = Operation(resource, $"patch{id}{subresource}", "patch", schemaName, ["dryRun", "fieldManager", "fieldValidation", "force"], withBody: true);
        }

        if (verbs.Contains("delete") && subresource.Length == 0)
        {
            ops["delete"] = Operation(resource, $"delete{id}", "delete", schemaName, ["dryRun", "gracePeriodSeconds", "propagationPolicy"]);
        }

        return ops;
    }

    private static void AddPath(JsonObject paths, string path, JsonObject operations, IReadOnlyList<string> pathParameters)
    {
        if (operations.Count == 0)
        {
            return;
        }

        var parameters = new JsonArray();
        foreach (var name in pathParameters)
        {
            parameters.Add(new JsonObject
            {
                ["name"] = name,
                ["in"] = "path",
                ["description"] = name == "name" ? "name of the resource" : "object name and auth scope, such as for teams and projects",
                ["required"] = true,
                ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
            });
        }

        parameters.Add(QueryParameter("pretty"));
        operations["parameters"] = parameters;
        paths[path] = operations;
    }

    private static JsonObject Operation(ResourceDescriptor resource, string operationId, string action, string schemaName, IReadOnlyList<string> queryParameters, bool withBody = false)
    {
        var reference = new JsonObject { ["$ref"] = $"#/components/schemas/{schemaName}" };
        var operation = new JsonObject
        {
            ["tags"] = new JsonArray(JsonValue.Create(resource.Group.Length == 0 ? $"core_{resource.Version}" : $"{resource.Group}_{resource.Version}")),
            ["operationId"] = operationId,
            ["parameters"] = new JsonArray([.. queryParameters.Select(QueryParameter)]),
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = "OK",
                    ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = reference.DeepClone() } },
                },
            },
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = Gvk(resource),
        };
        if (withBody)
        {
            var contentTypes = action == "patch"
                ? PatchContentTypes(resource)
                : ["application/json", "application/yaml"];
            var content = new JsonObject();
            foreach (var contentType in contentTypes)
            {
                content[contentType] = new JsonObject { ["schema"] = action == "patch" ? new JsonObject { ["type"] = "object" } : reference.DeepClone() };
            }

            operation["requestBody"] = new JsonObject { ["content"] = content, ["required"] = true };
        }

        return operation;
    }

    // Strategic merge patch exists only for built-in kinds; custom resources reject it with 415.
    private static string[] PatchContentTypes(ResourceDescriptor resource) => resource.IsCustomResource
        ? ["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json"]
        : ["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json"];

    private static JsonObject QueryParameter(string name) => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["description"] = QueryDescription(name),
        ["schema"] = new JsonObject { ["type"] = name is "force" ? "boolean" : name is "gracePeriodSeconds" ? "integer" : "string", ["uniqueItems"] = true },
    };

    private static string QueryDescription(string name) => name switch
    {
        "fieldValidation" => "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any unknown fields that are silently dropped from the object, and will ignore all but the last duplicate field that the decoder encounters. This is the default behavior prior to v1.23. - Warn: This will send a warning via the standard warning response header for each unknown field that is dropped from the object, and for each duplicate field that is encountered. The request will still succeed if there are no other errors, and will only persist the last of any duplicate fields. This is the default in v1.23+ - Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present. The error returned from the server will contain all unknown and duplicate fields encountered.",
        "fieldManager" => "fieldManager is a name associated with the actor or entity that is making these changes.",
        "dryRun" => "When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed",
        "force" => "Force is going to \"force\" Apply requests. It means user will re-acquire conflicting fields owned by other people.",
        "pretty" => "If 'true', then the output is pretty printed.",
        "gracePeriodSeconds" => "The duration in seconds before the object should be deleted.",
        "propagationPolicy" => "Whether and how garbage collection will be performed.",
        _ => name,
    };

    // The real server's operation ids: patchCoreV1Namespace, patchAcrOperatorDevV1alpha1NamespacedRegistry.
    private static string OperationSuffix(ResourceDescriptor resource)
    {
        var group = resource.Group.Length == 0 ? "Core" : string.Concat(resource.Group.Split('.', '-').Select(Capitalize));
        return $"{group}{Capitalize(resource.Version)}{(resource.Namespaced ? "Namespaced" : "")}{resource.Kind}";
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
