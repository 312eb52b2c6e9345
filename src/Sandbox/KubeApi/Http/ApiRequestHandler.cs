using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.OpenApi;
using AcrOperator.Sandbox.KubeApi.Protobuf;
using AcrOperator.Sandbox.KubeApi.Registry;
using AcrOperator.Sandbox.KubeApi.Selectors;
using AcrOperator.Sandbox.KubeApi.Storage;
using AcrOperator.Sandbox.KubeApi.Tables;

namespace AcrOperator.Sandbox.KubeApi.Http;

/// <summary>Routes every request: version, discovery, OpenAPI, and the resource verbs; errors become Status bodies.</summary>
internal sealed partial class ApiRequestHandler
{
    private readonly ResourceOperations operations;
    private readonly KubeApiServerOptions options;
    private readonly WatchStreamer watches;
    private readonly ILogger logger;

    public ApiRequestHandler(ResourceOperations operations, KubeApiServerOptions options, ILogger logger)
    {
        this.operations = operations;
        this.options = options;
        this.logger = logger;
        watches = new WatchStreamer(operations, options);
    }

    private ObjectStore Store => operations.Store;

    private ResourceRegistry Registry => operations.Registry;

    private DateTimeOffset Now => options.TimeProvider.GetUtcNow();

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            await RouteAsync(context);
        }
        catch (ApiException e)
        {
            await WriteErrorAsync(context, e);
        }
        catch (NotImplementedException e)
        {
            await WriteErrorAsync(context, new ApiException(500, "InternalError", "Internal error occurred: " + e.Message));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
#pragma warning disable CA1031 // Any other failure is a 500 Status, as the apiserver's panic recovery answers.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogUnexpected(logger, e, context.Request.Method, context.Request.Path);
            await WriteErrorAsync(context, new ApiException(500, "InternalError", "Internal error occurred: " + e.Message));
        }
    }

    private static async Task WriteErrorAsync(HttpContext context, ApiException e)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        await WriteJsonAsync(context, e.Code, JsonDefaults.Serialize(e.ToStatus()));
    }

    private async Task RouteAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var accept = context.Request.Headers.Accept.ToString();
        if (segments.Length == 0)
        {
            throw ApiException.NotFoundPath();
        }

        switch (segments[0])
        {
            case "version" when segments.Length == 1:
                await WriteJsonAsync(context, 200, JsonDefaults.Serialize(DiscoveryDocuments.Version()));
                return;
            case "healthz" or "livez" or "readyz":
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("ok", context.RequestAborted);
                return;
            case "openapi":
                await OpenApiAsync(context, segments);
                return;
            case "api" when segments.Length == 1:
                await DiscoveryRootAsync(context, accept, core: true);
                return;
            case "apis" when segments.Length == 1:
                await DiscoveryRootAsync(context, accept, core: false);
                return;
            case "api" when segments.Length == 2:
                await WriteDocumentAsync(context, DiscoveryDocuments.ResourceList(Registry.All, string.Empty, segments[1]));
                return;
            case "apis" when segments.Length == 2:
                await WriteDocumentAsync(context, DiscoveryDocuments.GroupDocument(Registry.All, segments[1]));
                return;
            case "apis" when segments.Length == 3:
                await WriteDocumentAsync(context, DiscoveryDocuments.ResourceList(Registry.All, segments[1], segments[2]));
                return;
            case "api":
                await ResourceAsync(context, ResourcePath.Resolve(Registry, string.Empty, segments[1], segments[2..]));
                return;
            case "apis":
                await ResourceAsync(context, ResourcePath.Resolve(Registry, segments[1], segments[2], segments[3..]));
                return;
            default:
                throw ApiException.NotFoundPath();
        }
    }

    private async Task DiscoveryRootAsync(HttpContext context, string accept, bool core)
    {
        var aggregated = Negotiation.AggregatedDiscoveryVersion(accept);
        if (aggregated is not null)
        {
            var document = DiscoveryDocuments.Aggregated(Registry.All, core, aggregated);
            await WriteJsonAsync(context, 200, JsonDefaults.Serialize(document), DiscoveryDocuments.AggregatedContentType(aggregated));
            return;
        }

        await WriteJsonAsync(context, 200, JsonDefaults.Serialize(core ? DiscoveryDocuments.CoreVersions() : DiscoveryDocuments.GroupList(Registry.All)));
    }

    private async Task OpenApiAsync(HttpContext context, string[] segments)
    {
        if (segments.Length < 2 || segments[1] != "v3")
        {
            throw ApiException.NotFoundPath();
        }

        var descriptors = Registry.All.Select(r => r.Descriptor).ToList();
        if (segments.Length == 2)
        {
            await WriteJsonAsync(context, 200, JsonDefaults.Serialize(OpenApiDocuments.Index(descriptors)));
            return;
        }

        await WriteDocumentAsync(context, OpenApiDocuments.ForGroupVersion(descriptors, string.Join('/', segments[2..])));
    }

    private static async Task WriteDocumentAsync(HttpContext context, JsonObject? document)
    {
        await WriteJsonAsync(context, 200, JsonDefaults.Serialize(document ?? throw ApiException.NotFoundPath()));
    }

    private async Task ResourceAsync(HttpContext context, ResourcePath? path)
    {
        if (path is null)
        {
            throw ApiException.NotFoundPath();
        }

        var resource = path.Resource;
        if (path.Subresource is { } sub
            && !(sub == "status" && resource.Descriptor.HasStatusSubresource)
            && !(sub == "finalize" && resource == BuiltinResources.Namespaces && context.Request.Method == "PUT"))
        {
            throw ApiException.NotFoundPath();
        }

        var ns = path.Namespace ?? string.Empty;
        var query = context.Request.Query;
        var method = context.Request.Method;
        if (path.Name is null)
        {
            switch (method)
            {
                case "GET" when query["watch"] is ["true" or "1"]:
                    await watches.ServeAsync(context, resource, path.Namespace, Negotiation.ForResource(context.Request.Headers.Accept));
                    return;
                case "GET":
                    await ListAsync(context, resource, path.Namespace);
                    return;
                case "POST" when resource.Descriptor.Namespaced && path.Namespace is null:
                    throw ApiException.MethodNotAllowed();
                case "POST":
                    await CreateAsync(context, resource, ns);
                    return;
                case "DELETE":
                    await DeleteCollectionAsync(context, resource, path.Namespace);
                    return;
                default:
                    throw ApiException.MethodNotAllowed();
            }
        }

        var name = path.Name;
        switch (method)
        {
            case "GET":
                await WriteObjectAsync(context, 200, resource, operations.Get(resource, ns, name), ShapeOf(context, resource));
                return;
            case "PUT":
                {
                    var shape = WriteShapeOf(context, resource);
                    var bytes = await RequestBody.ReadAsync(context.Request, options.MaxRequestBodyBytes, context.RequestAborted);
                    var contentType = context.Request.ContentType;
                    var (stored, created, warnings) = operations.Update(resource, ns, name, path.Subresource, () => DecodeObject(bytes, contentType, resource), WriteOptionsOf(context));
                    AddWarnings(context, warnings);
                    await WriteObjectAsync(context, created ? 201 : 200, resource, stored, shape);
                    return;
                }

            case "PATCH":
                {
                    var shape = WriteShapeOf(context, resource);
                    var bytes = await RequestBody.ReadAsync(context.Request, options.MaxRequestBodyBytes, context.RequestAborted);
                    var (stored, created, warnings) = operations.Patch(resource, ns, name, path.Subresource, context.Request.ContentType ?? string.Empty, bytes, WriteOptionsOf(context));
                    AddWarnings(context, warnings);
                    await WriteObjectAsync(context, created ? 201 : 200, resource, stored, shape);
                    return;
                }

            case "DELETE" when path.Subresource is null:
                {
                    var request = await DeleteRequestOf(context);
                    var (stored, removed) = operations.Delete(resource, ns, name, request);
                    if (removed && resource != BuiltinResources.Namespaces)
                    {
                        var details = ApiException.DetailsOf(name, resource.Descriptor.Group, resource.Descriptor.Plural);
                        details["uid"] = stored.Uid;
                        var status = new JsonObject
                        {
                            ["kind"] = "Status",
                            ["apiVersion"] = "v1",
                            ["metadata"] = new JsonObject(),
                            ["status"] = "Success",
                            ["details"] = details,
                        };
                        await WriteJsonAsync(context, 200, JsonDefaults.Serialize(status));
                        return;
                    }

                    await WriteObjectAsync(context, 200, resource, stored, WriteShapeOf(context, resource));
                    return;
                }

            default:
                throw ApiException.MethodNotAllowed();
        }
    }

    private async Task CreateAsync(HttpContext context, ServedResource resource, string ns)
    {
        var shape = WriteShapeOf(context, resource);
        var body = await ReadObjectAsync(context, resource);
        var (stored, warnings) = operations.Create(resource, ns, body, WriteOptionsOf(context));
        AddWarnings(context, warnings);
        await WriteObjectAsync(context, 201, resource, stored, shape);
    }

    /// <summary>A create or update body in JSON, YAML, or (for kinds with a message) protobuf, as kubectl's typed commands send.</summary>
    private async Task<JsonObject> ReadObjectAsync(HttpContext context, ServedResource resource)
    {
        var bytes = await RequestBody.ReadAsync(context.Request, options.MaxRequestBodyBytes, context.RequestAborted);
        return DecodeObject(bytes, context.Request.ContentType, resource);
    }

    private static JsonObject DecodeObject(byte[] bytes, string? contentType, ServedResource resource)
    {
        if (contentType is null || MediaType.Parse(contentType).Type != ProtobufCodec.ContentType)
        {
            return RequestBody.ParseObject(bytes, contentType);
        }

        if (MessageOf(resource) is null)
        {
            throw ApiException.UnsupportedMediaType();
        }

        try
        {
            return ProtobufCodec.Decode(bytes);
        }
        catch (InvalidDataException e)
        {
            throw ApiException.BadRequest(e.Message);
        }
    }

    private static ProtoMessage? MessageOf(ServedResource resource) =>
        resource.Descriptor.IsCustomResource ? null : KubernetesMessages.Of(resource.Descriptor.GroupVersion, resource.Descriptor.Kind);

    private static ResponseShape ShapeOf(HttpContext context, ServedResource resource) =>
        Negotiation.ForResource(context.Request.Headers.Accept, MessageOf(resource) is not null);

    /// <summary>Negotiated before the write, as the apiserver does, so a 406 never follows a stored change.</summary>
    private static ResponseShape WriteShapeOf(HttpContext context, ServedResource resource) =>
        ShapeOf(context, resource) is ResponseShape.Protobuf ? ResponseShape.Protobuf : ResponseShape.Json;

    private async Task DeleteCollectionAsync(HttpContext context, ServedResource resource, string? ns)
    {
        var request = await DeleteRequestOf(context);
        var labels = LabelSelector.Parse(context.Request.Query["labelSelector"]);
        var fields = FieldSelector.Parse(context.Request.Query["fieldSelector"], resource);
        var deleted = new List<StoredObject>();
        long revision;
        lock (Store.Gate)
        {
            foreach (var obj in Store.Items(resource.StorageKey, ns).Values.ToList())
            {
                if ((ns is null || obj.Namespace == ns) && labels.Matches(obj.Object) && fields.Matches(obj.Object))
                {
                    deleted.Add(operations.DeleteLocked(resource, obj, request).Object);
                }
            }

            revision = Store.Revision;
        }

        await WriteJsonAsync(context, 200, ListBytes(resource, deleted.Select(o => Present(resource, o)), revision, null, null));
    }

    private async Task ListAsync(HttpContext context, ServedResource resource, string? ns)
    {
        var query = context.Request.Query;
        var shape = ShapeOf(context, resource);
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"], resource);
        var limit = long.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l > 0 ? l : long.MaxValue;
        string? requestedVersion = query["resourceVersion"];
        string? match = query["resourceVersionMatch"];
        string? continueToken = query["continue"];
        ValidateListOptions(requestedVersion, match, continueToken);

        var page = new List<StoredObject>();
        string? next = null;
        long? remaining = null;
        long listRevision;
        lock (Store.Gate)
        {
            IReadOnlyDictionary<string, StoredObject> items;
            string? after = null;
            if (continueToken is { Length: > 0 })
            {
                (listRevision, after) = ContinueToken.Decode(continueToken);
                items = Store.SnapshotAt(resource.StorageKey, ns, listRevision) ?? throw ApiException.Expired(
                    "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
            }
            else if (match == "Exact" || (limit != long.MaxValue && requestedVersion is { Length: > 0 } and not "0" && match != "NotOlderThan"))
            {
                listRevision = ParseVersion(requestedVersion!);
                if (listRevision > Store.Revision)
                {
                    throw TooLarge(listRevision);
                }

                items = Store.SnapshotAt(resource.StorageKey, ns, listRevision)
                    ?? throw ApiException.Expired($"too old resource version: {listRevision} ({Store.CompactedRevision})");
            }
            else
            {
                if (requestedVersion is { Length: > 0 } and not "0" && ParseVersion(requestedVersion) > Store.Revision)
                {
                    throw TooLarge(ParseVersion(requestedVersion));
                }

                listRevision = Store.Revision;
                items = Store.Items(resource.StorageKey, ns);
            }

            IEnumerable<KeyValuePair<string, StoredObject>> candidates = items;
            if (fields.ExactName is { } exact && ns is not null)
            {
                var key = ObjectStore.KeyOf(ns, exact);
                candidates = items.TryGetValue(key, out var one) ? [KeyValuePair.Create(key, one)] : [];
            }

            string? lastKey = null;
            long left = 0;
            var visited = 0;
            var countable = labels.IsEverything && fields.IsEverything && ReferenceEquals(candidates, items);
            foreach (var (key, obj) in candidates)
            {
                if (countable && page.Count == limit)
                {
                    // Without selectors the rest need not be walked: a small page of a large collection stays cheap.
                    left = items.Count - visited;
                    break;
                }

                visited++;
                if ((after is not null && string.CompareOrdinal(key, after) <= 0)
                    || (ns is not null && obj.Namespace != ns)
                    || !labels.Matches(obj.Object)
                    || !fields.Matches(obj.Object))
                {
                    continue;
                }

                if (page.Count < limit)
                {
                    page.Add(obj);
                    lastKey = key;
                }
                else
                {
                    left++;
                }
            }

            if (left > 0)
            {
                next = ContinueToken.Encode(listRevision, lastKey!);
                remaining = labels.IsEverything && fields.IsEverything ? left : null;
            }
        }

        var revisionText = ObjectStore.FormatRevision(listRevision);
        switch (shape)
        {
            case ResponseShape.Table:
                var table = TableBuilder.Build(resource.Descriptor, [.. page.Select(o => PresentObject(resource, o))], revisionText, next, IncludeObject(context), Now);
                await WriteJsonAsync(context, 200, JsonDefaults.Serialize(table), Negotiation.TableContentType);
                return;
            case ResponseShape.Protobuf:
                var listMeta = new JsonObject { ["resourceVersion"] = revisionText, ["continue"] = next, ["remainingItemCount"] = remaining };
                var list = ProtobufCodec.EncodeList(resource.Descriptor.GroupVersion, resource.Descriptor.Kind + "List", listMeta, page.Select(o => PresentObject(resource, o)), MessageOf(resource)!);
                await WriteJsonAsync(context, 200, list, ProtobufCodec.ContentType);
                return;
            case ResponseShape.PartialObjectMetadata:
                var items = page.Select(o => JsonDefaults.Serialize(PartialMetadata(o.Object)));
                await WriteJsonAsync(context, 200, ListBytes(null, items, listRevision, next, remaining), Negotiation.PartialListContentType);
                return;
            default:
                await WriteJsonAsync(context, 200, ListBytes(resource, page.Select(o => Present(resource, o)), listRevision, next, remaining));
                return;
        }
    }

    private static void ValidateListOptions(string? version, string? match, string? continueToken)
    {
        if (match is { Length: > 0 })
        {
            if (string.IsNullOrEmpty(version))
            {
                throw ApiException.Invalid("meta.k8s.io", "ListOptions", string.Empty, [new Schema.FieldError("FieldValueForbidden", "resourceVersionMatch", "Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided")]);
            }

            if (match is not ("Exact" or "NotOlderThan"))
            {
                throw ApiException.Invalid("meta.k8s.io", "ListOptions", string.Empty, [new Schema.FieldError("FieldValueNotSupported", "resourceVersionMatch", $"Unsupported value: \"{match}\": supported values: \"Exact\", \"NotOlderThan\", \"\"")]);
            }

            if (match == "Exact" && version == "0")
            {
                throw ApiException.Invalid("meta.k8s.io", "ListOptions", string.Empty, [new Schema.FieldError("FieldValueForbidden", "resourceVersionMatch", "Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"")]);
            }
        }

        if (continueToken is { Length: > 0 } && version is { Length: > 0 } and not "0")
        {
            throw ApiException.Invalid("meta.k8s.io", "ListOptions", string.Empty, [new Schema.FieldError("FieldValueForbidden", "resourceVersion", "Forbidden: specifying resource version is not allowed when using continue")]);
        }
    }

    internal static long ParseVersion(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiException.BadRequest($"invalid resource version: {text}");

    private ApiException TooLarge(long requested) => ApiException.TooLargeResourceVersion(requested, Store.Revision);

    private static string IncludeObject(HttpContext context) => context.Request.Query["includeObject"] is [{ Length: > 0 } v] ? v : "Metadata";

    /// <summary>A stored object as served at the requested version: apiVersion rewritten and schema defaults applied on read.</summary>
    internal static byte[] Present(ServedResource resource, StoredObject stored) =>
        stored.ApiVersion == resource.Descriptor.GroupVersion && resource.SchemaIsTrivial
            ? stored.Json
            : JsonDefaults.Serialize(PresentObject(resource, stored));

    internal static JsonObject PresentObject(ServedResource resource, StoredObject stored)
    {
        if (stored.ApiVersion == resource.Descriptor.GroupVersion && resource.SchemaIsTrivial)
        {
            return stored.Object;
        }

        var copy = stored.CloneObject();
        copy["apiVersion"] = resource.Descriptor.GroupVersion;
        if (resource.Descriptor.IsCustomResource && !resource.SchemaIsTrivial)
        {
            resource.Schema.ApplyDefaults(copy);
        }

        return copy;
    }

    internal static JsonObject PartialMetadata(JsonObject obj) => new()
    {
        ["kind"] = "PartialObjectMetadata",
        ["apiVersion"] = "meta.k8s.io/v1",
        ["metadata"] = obj["metadata"]!.DeepClone(),
    };

    private async Task WriteObjectAsync(HttpContext context, int code, ServedResource resource, StoredObject stored, ResponseShape shape)
    {
        switch (shape)
        {
            case ResponseShape.Table:
                var table = TableBuilder.Build(resource.Descriptor, [PresentObject(resource, stored)], ObjectStore.FormatRevision(stored.ResourceVersion), null, IncludeObject(context), Now);
                await WriteJsonAsync(context, code, JsonDefaults.Serialize(table), Negotiation.TableContentType);
                return;
            case ResponseShape.PartialObjectMetadata:
                await WriteJsonAsync(context, code, JsonDefaults.Serialize(PartialMetadata(stored.Object)), Negotiation.PartialContentType);
                return;
            case ResponseShape.Protobuf:
                await WriteJsonAsync(context, code, ProtobufCodec.Encode(PresentObject(resource, stored), MessageOf(resource)!), ProtobufCodec.ContentType);
                return;
            default:
                await WriteJsonAsync(context, code, Present(resource, stored));
                return;
        }
    }

    private static byte[] ListBytes(ServedResource? resource, IEnumerable<byte[]> items, long revision, string? next, long? remaining)
    {
        using var buffer = new MemoryStream();
        var kind = resource is null ? "PartialObjectMetadataList" : resource.Descriptor.Kind + "List";
        var apiVersion = resource is null ? "meta.k8s.io/v1" : resource.Descriptor.GroupVersion;
        var metadata = new JsonObject { ["resourceVersion"] = ObjectStore.FormatRevision(revision) };
        if (next is not null)
        {
            metadata["continue"] = next;
        }

        if (remaining is not null)
        {
            metadata["remainingItemCount"] = remaining;
        }

        buffer.Write(Encoding.UTF8.GetBytes($"{{\"kind\":\"{kind}\",\"apiVersion\":\"{apiVersion}\",\"metadata\":"));
        buffer.Write(JsonDefaults.Serialize(metadata));
        buffer.Write("""
            ,"items":[
            """u8);
        var first = true;
        foreach (var item in items)
        {
            if (!first)
            {
                buffer.WriteByte((byte)',');
            }

            buffer.Write(item);
            first = false;
        }

        buffer.Write("]}"u8);
        return buffer.ToArray();
    }

    internal static async Task WriteJsonAsync(HttpContext context, int code, byte[] body, string contentType = Negotiation.JsonContentType)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static void AddWarnings(HttpContext context, List<string> warnings)
    {
        foreach (var warning in warnings)
        {
            context.Response.Headers.Append("Warning", "299 - \"" + warning.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"");
        }
    }

    private static WriteOptions WriteOptionsOf(HttpContext context)
    {
        var query = context.Request.Query;
        var manager = query["fieldManager"].ToString();
        if (manager.Length == 0 && !IsApply(context))
        {
            // Non-apply writes without a fieldManager are recorded under the user agent's program name.
            var agent = context.Request.Headers.UserAgent.ToString();
            var slash = agent.IndexOf('/', StringComparison.Ordinal);
            manager = slash > 0 ? agent[..slash] : agent.Length > 0 ? agent : "unknown";
        }

        var validation = query["fieldValidation"].ToString();
        if (validation.Length == 0)
        {
            validation = "Warn";
        }
        else if (validation is not ("Ignore" or "Warn" or "Strict"))
        {
            throw ApiException.BadRequest($"fieldValidation must be one of \"Ignore\", \"Warn\", or \"Strict\", not \"{validation}\"");
        }

        return new WriteOptions(manager, validation, query["dryRun"] is [{ Length: > 0 }], query["force"] is ["true"]);
    }

    private static bool IsApply(HttpContext context) =>
        context.Request.Method == "PATCH" && context.Request.ContentType is { } type && MediaType.Parse(type).Type == "application/apply-patch+yaml";

    private async Task<DeleteRequest> DeleteRequestOf(HttpContext context)
    {
        var query = context.Request.Query;
        var body = await RequestBody.ReadAsync(context.Request, options.MaxRequestBodyBytes, context.RequestAborted);
        var options1 = body.Length == 0 ? null : RequestBody.ParseJson(body) as JsonObject;
        var policy = options1?["propagationPolicy"]?.GetValue<string>() ?? (query["propagationPolicy"] is [{ Length: > 0 } p] ? p : null);
        if (policy is null && options1?["orphanDependents"] is JsonValue orphan && orphan.GetValue<bool>())
        {
            policy = "Orphan";
        }

        var dryRun = (options1?["dryRun"] as JsonArray)?.Count > 0 || query["dryRun"] is [{ Length: > 0 }];
        return new DeleteRequest(
            policy,
            options1?["preconditions"]?["uid"]?.GetValue<string>(),
            options1?["preconditions"]?["resourceVersion"]?.GetValue<string>(),
            dryRun,
            options1?["gracePeriodSeconds"]?.GetValue<long>());
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure serving {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path);
}
