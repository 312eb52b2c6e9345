using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.Arm.Http;
using AcrOperator.Sandbox.Arm.Operations;

namespace AcrOperator.Sandbox.Arm.Resources;

/// <summary>
/// The generic ARM semantics every resource type shares, driven by its <see cref="ArmResourceType"/> row:
/// PUT (create or replace), PATCH (merge), GET, DELETE (with nested resources), list with paging, actions,
/// and both long-running completion styles. Callers hold the store's gate.
/// </summary>
internal static class ArmResourceOperations
{
    private static readonly string[] AlwaysReadOnly = ["id", "name", "type", "systemData", "etag"];
    private static readonly string[] TrackedKeys = ["location", "tags"];

    public static ArmResult Execute(ArmRequestContext ctx, ArmRoute route) => (route.Kind, ctx.Method) switch
    {
        (ArmRouteKind.Resource, "PUT") => Put(ctx, route.Address!),
        (ArmRouteKind.Resource, "PATCH") => Patch(ctx, route.Address!),
        (ArmRouteKind.Resource, "GET" or "HEAD") => Get(ctx, route.Address!),
        (ArmRouteKind.Resource, "DELETE") => Delete(ctx, route.Address!),
        (ArmRouteKind.Collection, "GET") => List(ctx, route.Type!, Children(ctx, route.Address!, route.Type!)),
        (ArmRouteKind.SubscriptionCollection, "GET") => List(ctx, route.Type!, ctx.Store.OfType(route.Type!).Where(r => Same(r.Address.SubscriptionId, ctx.SubscriptionId))),
        (ArmRouteKind.Action, _) => Action(ctx, route.Address!, route.ActionName!),
        (ArmRouteKind.SubscriptionAction, _) => SubscriptionAction(ctx, route.Provider!, route.ActionName!),
        (ArmRouteKind.OperationStatus, "GET") => OperationStatus(ctx, route),
        (ArmRouteKind.OperationResult, "GET") => OperationResult(ctx, route.OperationId!),
        _ => throw ArmErrors.MethodNotAllowed(ctx.Method),
    };

    /// <summary>Creates a resource the service makes itself (ACR's home replication), synchronously and without request validation.</summary>
    public static StoredResource CreateInternal(ArmRequestContext ctx, ArmAddress address, JsonObject body)
    {
        var resource = Envelope(address);
        var template = (JsonObject?)address.Type.Defaults?.DeepClone() ?? [];
        JsonPaths.Merge(template, body);
        CopyInto(resource, template);
        var write = new ArmWriteContext(ctx, address, null, body, resource);
        address.Type.CompleteBody(write);
        address.Type.SetProvisioningState(resource, "Succeeded", ctx.Now);
        var stored = new StoredResource(address.Type, address, resource);
        ctx.Store.Put(stored);
        address.Type.AfterWrite(write, stored);
        return stored;
    }

    /// <summary>
    /// A long-running POST action whose final state is read through <c>Location</c> (importImage): done at once
    /// with 200 when the type's POST style is synchronous, else 202 with <c>Location</c> until
    /// <paramref name="complete"/> has run. It does not lock <paramref name="resource"/> against other writes.
    /// </summary>
    public static ArmResult RunAction(ArmRequestContext ctx, StoredResource resource, Action complete)
    {
        if (ctx.Runtime.Completion.Get(resource.Type.FullType, "POST") == ArmCompletionStyle.Synchronous)
        {
            complete();
            return new ArmResult(HttpStatusCode.OK);
        }

        var now = ctx.Now;
        var operation = new LongRunningOperation($"{resource.Type.OperationPrefix}-{Guid.NewGuid()}", resource.Id, "POST", now, now + ctx.Runtime.Completion.OperationDuration, complete);
        ctx.Runtime.Operations.Add(operation);
        var result = new ArmResult(HttpStatusCode.Accepted);
        result.Headers["Location"] = $"{Base(ctx)}/subscriptions/{resource.Address.SubscriptionId}/providers/{resource.Type.Namespace}/locations/{LocationOf(ctx, resource.Address)}/operationResults/{operation.Id}?api-version={Uri.EscapeDataString(ctx.ApiVersion)}";
        result.Headers["Retry-After"] = ctx.Runtime.Completion.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return result;
    }

    public static StoredResource Require(ArmRequestContext ctx, ArmAddress address)
    {
        EnsureContainers(ctx, address, write: false);
        return ctx.Store.Get(address) ?? throw NotFound(address);
    }

    private static ArmResult Put(ArmRequestContext ctx, ArmAddress address)
    {
        var type = Allow(address.Type, "PUT", ctx.Method);
        if (!type.NameRule.IsValid(address.Name))
        {
            throw ArmErrors.InvalidResourceName(address.Name, type.NameRule);
        }

        EnsureContainers(ctx, address, write: true);
        var body = Strip(type, ctx.RequireObjectBody());
        var existing = ctx.Store.Get(address);
        EnsureIdle(existing);
        if (type.IsTracked)
        {
            if (body["location"] is not JsonValue location || location.GetValueKind() != System.Text.Json.JsonValueKind.String || string.IsNullOrWhiteSpace(location.GetValue<string>()))
            {
                throw ArmErrors.LocationRequired();
            }

            body["location"] = NormalizeLocation(location.GetValue<string>());
        }

        if (existing is not null)
        {
            CheckCreateOnly(type, existing.Body, body);
        }

        // Required top-level objects are checked on the body itself: defaults may hold placeholders for them.
        if (type.Properties.FirstOrDefault(r => r.Required && !r.Path.Contains('.', StringComparison.Ordinal) && body[r.Path] is null) is { } missing)
        {
            throw ArmErrors.InvalidContent($"Required property '{missing.Path}' not found in JSON. Path ''", missing.Path);
        }

        var resource = Envelope(address);
        var template = (JsonObject?)type.Defaults?.DeepClone() ?? [];
        JsonPaths.Merge(template, body);
        if (existing is not null)
        {
            // PUT replaces, but create-only values the body leaves out stay as created.
            foreach (var path in CreateOnly(type).Where(p => !JsonPaths.Has(body, p) && JsonPaths.Get(existing.Body, p) is not null))
            {
                JsonPaths.Set(template, path, JsonPaths.Get(existing.Body, path)!.DeepClone());
            }
        }

        CopyInto(resource, template);
        Validate(type, resource);
        var write = new ArmWriteContext(ctx, address, existing, body, resource);
        type.ValidateWrite(write);
        type.CompleteBody(write);
        return Commit(ctx, write, "PUT");
    }

    private static ArmResult Patch(ArmRequestContext ctx, ArmAddress address)
    {
        var type = Allow(address.Type, "PATCH", ctx.Method);
        EnsureContainers(ctx, address, write: true);
        var existing = ctx.Store.Get(address) ?? throw NotFound(address);
        var body = Strip(type, ctx.RequireObjectBody());
        EnsureIdle(existing);
        CheckCreateOnly(type, existing.Body, body);
        var resource = (JsonObject)existing.Body.DeepClone();
        if (body["tags"] is JsonObject tags)
        {
            // Tags are replaced as a whole, not merged.
            resource["tags"] = tags.DeepClone();
            body = (JsonObject)body.DeepClone();
            body.Remove("tags");
        }

        JsonPaths.Merge(resource, body);
        Validate(type, resource);
        var write = new ArmWriteContext(ctx, address, existing, body, resource);
        type.ValidateWrite(write);
        type.CompleteBody(write);
        return Commit(ctx, write, "PATCH");
    }

    private static ArmResult Get(ArmRequestContext ctx, ArmAddress address)
    {
        Allow(address.Type, "GET", ctx.Method);
        var stored = Require(ctx, address);
        return ArmResult.Ok(stored.Type.Present(stored));
    }

    private static ArmResult Delete(ArmRequestContext ctx, ArmAddress address)
    {
        var type = Allow(address.Type, "DELETE", ctx.Method);
        if (type.IsResourceGroup)
        {
            _ = ctx.Store.Get(address) ?? throw ArmErrors.ResourceGroupNotFound(address.Name);
        }
        else
        {
            EnsureContainers(ctx, address, write: false);
        }

        if (ctx.Store.Get(address) is not { } existing)
        {
            return new ArmResult(HttpStatusCode.NoContent);
        }

        if (existing.ActiveOperation is { IsDone: false, Method: "DELETE" } running)
        {
            return Accepted(ctx, existing, running, ctx.Runtime.Completion.Get(type.FullType, "DELETE"));
        }

        EnsureIdle(existing);
        type.ValidateDelete(ctx, existing);
        var style = StyleOf(ctx, type, "DELETE");
        if (style == ArmCompletionStyle.Synchronous)
        {
            ctx.Store.RemoveTree(address);
            return new ArmResult(HttpStatusCode.OK);
        }

        type.SetProvisioningState(existing.Body, "Deleting", ctx.Now);
        var operation = Start(ctx, existing, "DELETE", () => ctx.Store.RemoveTree(address));
        return Accepted(ctx, existing, operation, style);
    }

    private static ArmResult Commit(ArmRequestContext ctx, ArmWriteContext write, string method)
    {
        var type = write.Address.Type;
        var style = StyleOf(ctx, type, method);
        var stored = write.Existing ?? new StoredResource(type, write.Address, write.Resource);
        stored.Body = write.Resource;
        if (style == ArmCompletionStyle.Synchronous)
        {
            type.SetProvisioningState(stored.Body, "Succeeded", ctx.Now);
            ctx.Store.Put(stored);
            type.AfterWrite(write, stored);
            return new ArmResult(write.IsCreate ? type.SynchronousCreateStatus : HttpStatusCode.OK, type.Present(stored));
        }

        type.SetProvisioningState(stored.Body, write.IsCreate ? "Creating" : "Updating", ctx.Now);
        ctx.Store.Put(stored);
        type.AfterWrite(write, stored);
        var operation = Start(ctx, stored, method, () => type.SetProvisioningState(stored.Body, "Succeeded", ctx.Runtime.TimeProvider.GetUtcNow()));
        var result = Accepted(ctx, stored, operation, style);
        return result;
    }

    private static LongRunningOperation Start(ArmRequestContext ctx, StoredResource stored, string method, Action complete)
    {
        var now = ctx.Now;
        LongRunningOperation? operation = null;
        operation = new LongRunningOperation(
            $"{stored.Type.OperationPrefix}-{Guid.NewGuid()}",
            stored.Id,
            method,
            now,
            now + ctx.Runtime.Completion.OperationDuration,
            () =>
            {
                complete();
                if (stored.ActiveOperation == operation)
                {
                    stored.ActiveOperation = null;
                }
            })
        {
            FinalResource = method == "DELETE" ? null : () => ctx.Store.Get(stored.Address) is { } current ? current.Type.Present(current) : null,
        };
        stored.ActiveOperation = operation;
        ctx.Runtime.Operations.Add(operation);
        return operation;
    }

    private static ArmResult Accepted(ArmRequestContext ctx, StoredResource stored, LongRunningOperation operation, ArmCompletionStyle style)
    {
        var isDelete = operation.Method == "DELETE";
        var result = style == ArmCompletionStyle.AzureAsyncOperation
            ? new ArmResult(isDelete ? HttpStatusCode.Accepted : HttpStatusCode.Created, isDelete ? null : stored.Type.Present(stored))
            : new ArmResult(HttpStatusCode.Accepted, isDelete ? null : stored.Type.Present(stored));
        var version = Uri.EscapeDataString(ctx.ApiVersion);
        if (style == ArmCompletionStyle.AzureAsyncOperation)
        {
            result.Headers["Azure-AsyncOperation"] = $"{Base(ctx)}{stored.Id}/operationStatuses/{operation.Id}?api-version={version}";
        }
        else
        {
            result.Headers["Location"] = stored.Type.IsResourceGroup
                ? $"{Base(ctx)}/subscriptions/{stored.Address.SubscriptionId}/operationresults/{operation.Id}?api-version={version}"
                : $"{Base(ctx)}/subscriptions/{stored.Address.SubscriptionId}/providers/{stored.Type.Namespace}/locations/{LocationOf(ctx, stored.Address)}/operationResults/{operation.Id}?api-version={version}";
        }

        result.Headers["Retry-After"] = ctx.Runtime.Completion.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return result;
    }

    private static ArmResult OperationStatus(ArmRequestContext ctx, ArmRoute route)
    {
        var operation = ctx.Runtime.Operations.Find(route.OperationId!);
        if (operation is null || !Same(operation.ResourceId, route.Address!.Id))
        {
            throw OperationNotFound(route.OperationId!);
        }

        return ArmResult.Ok(operation.ToStatusBody());
    }

    private static ArmResult OperationResult(ArmRequestContext ctx, string id)
    {
        var operation = ctx.Runtime.Operations.Find(id) ?? throw OperationNotFound(id);
        if (!operation.IsDone)
        {
            var pending = new ArmResult(HttpStatusCode.Accepted);
            pending.Headers["Location"] = ctx.BaseUri + ctx.RequestPathAndQuery.TrimStart('/');
            pending.Headers["Retry-After"] = ctx.Runtime.Completion.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return pending;
        }

        return operation.FinalResource?.Invoke() is { } resource ? ArmResult.Ok(resource) : new ArmResult(HttpStatusCode.OK);
    }

    private static ArmResult Action(ArmRequestContext ctx, ArmAddress address, string name)
    {
        if (!address.Type.Actions.TryGetValue(name, out var action))
        {
            throw ArmErrors.InvalidResourceType(string.Join('/', [.. address.Type.Segments, name]), address.Type.Namespace, ctx.ApiVersion);
        }

        if (!Same(action.Method, ctx.Method))
        {
            throw ArmErrors.MethodNotAllowed(ctx.Method);
        }

        return action.Handler(ctx, Require(ctx, address));
    }

    private static ArmResult SubscriptionAction(ArmRequestContext ctx, ArmProvider provider, string name)
    {
        if (!provider.SubscriptionActions.TryGetValue(name, out var action))
        {
            throw ArmErrors.InvalidResourceType(name, provider.Namespace, ctx.ApiVersion);
        }

        return Same(action.Method, ctx.Method) ? action.Handler(ctx) : throw ArmErrors.MethodNotAllowed(ctx.Method);
    }

    private static IEnumerable<StoredResource> Children(ArmRequestContext ctx, ArmAddress parent, ArmResourceType type)
    {
        Allow(type, "LIST", "GET");
        if (parent.Type.IsResourceGroup)
        {
            _ = ctx.Store.Get(parent) ?? throw ArmErrors.ResourceGroupNotFound(parent.Name);
        }
        else
        {
            Require(ctx, parent);
        }

        return ctx.Store.Children(parent, type);
    }

    private static ArmResult List(ArmRequestContext ctx, ArmResourceType type, IEnumerable<StoredResource> items)
    {
        Allow(type, "LIST", "GET");
        var skip = int.TryParse(ctx.Query("$skipToken"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        var size = Math.Max(1, ctx.Runtime.Options.PageSize);
        var all = type.Query(ctx, items).ToList();
        var page = new JsonArray([.. all.Skip(skip).Take(size).Select(r => (JsonNode)r.Type.Present(r))]);
        var body = new JsonObject { ["value"] = page };
        if (skip + size < all.Count)
        {
            body["nextLink"] = $"{Base(ctx)}{ctx.RequestPath}?api-version={Uri.EscapeDataString(ctx.ApiVersion)}&%24skipToken={(skip + size).ToString(CultureInfo.InvariantCulture)}";
        }

        return ArmResult.Ok(body);
    }

    /// <summary>The resource group must exist (and, for writes, not be deleting); so must a nested resource's parent.</summary>
    private static void EnsureContainers(ArmRequestContext ctx, ArmAddress address, bool write)
    {
        if (address.Type.IsResourceGroup)
        {
            return;
        }

        var group = ctx.Store.Get(new ArmAddress(address.SubscriptionId, address.ResourceGroup, ArmResourceType.ResourceGroups, [address.ResourceGroup]))
            ?? throw ArmErrors.ResourceGroupNotFound(address.ResourceGroup);
        if (write && group.ActiveOperation is { IsDone: false, Method: "DELETE" })
        {
            throw ArmErrors.ResourceGroupBeingDeleted(address.ResourceGroup);
        }

        if (address.Parent is { } parent && !parent.Type.IsResourceGroup)
        {
            var stored = ctx.Store.Get(parent) ?? throw ArmErrors.ParentResourceNotFound(TypedName(parent));
            if (write && stored.ActiveOperation is { IsDone: false, Method: "DELETE" })
            {
                throw ArmErrors.AnotherOperationInProgress(stored.Id);
            }
        }
    }

    private static void EnsureIdle(StoredResource? existing)
    {
        if (existing?.ActiveOperation is { IsDone: false })
        {
            throw ArmErrors.AnotherOperationInProgress(existing.Id);
        }
    }

    private static ArmCompletionStyle StyleOf(ArmRequestContext ctx, ArmResourceType type, string method) =>
        type.IsLongRunning ? ctx.Runtime.Completion.Get(type.FullType, method) : ArmCompletionStyle.Synchronous;

    private static ArmResourceType Allow(ArmResourceType type, string verb, string method) =>
        type.Methods.Contains(verb) ? type : throw ArmErrors.MethodNotAllowed(method);

    private static JsonObject Strip(ArmResourceType type, JsonObject body)
    {
        var copy = (JsonObject)body.DeepClone();
        foreach (var path in AlwaysReadOnly.Concat(type.ReadOnlyPaths))
        {
            JsonPaths.Remove(copy, path);
        }

        return copy;
    }

    private static IEnumerable<string> CreateOnly(ArmResourceType type) =>
        type.IsTracked ? type.CreateOnlyPaths.Prepend("location") : type.CreateOnlyPaths;

    private static void CheckCreateOnly(ArmResourceType type, JsonObject current, JsonObject body)
    {
        foreach (var path in CreateOnly(type))
        {
            var given = JsonPaths.Get(body, path);
            if (given is null)
            {
                continue;
            }

            var now = JsonPaths.Get(current, path);
            var same = path == "location" && given is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String
                ? Same(NormalizeLocation(v.GetValue<string>()), now?.GetValue<string>())
                : JsonNode.DeepEquals(given, now);
            if (!same)
            {
                throw ArmErrors.PropertyChangeNotAllowed(path);
            }
        }
    }

    /// <summary>Checks required properties, JSON types and enums, and writes enums back in the spec's casing.</summary>
    private static void Validate(ArmResourceType type, JsonObject resource)
    {
        foreach (var rule in type.Properties)
        {
            var node = JsonPaths.Get(resource, rule.Path);
            var dot = rule.Path.LastIndexOf('.');
            var parentPath = dot < 0 ? string.Empty : rule.Path[..dot];
            if (node is null)
            {
                if (rule.Required && (dot < 0 || JsonPaths.Get(resource, parentPath) is JsonObject))
                {
                    throw ArmErrors.InvalidContent($"Required property '{rule.Path[(dot + 1)..]}' not found in JSON. Path '{parentPath}'", rule.Path);
                }

                continue;
            }

            var kind = node.GetValueKind();
            var ok = rule.Kind switch
            {
                ArmPropertyKind.String => kind == System.Text.Json.JsonValueKind.String,
                ArmPropertyKind.Boolean => kind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False,
                ArmPropertyKind.Integer => kind == System.Text.Json.JsonValueKind.Number && node.GetValue<decimal>() % 1 == 0,
                ArmPropertyKind.Object => kind == System.Text.Json.JsonValueKind.Object,
                ArmPropertyKind.Array => kind == System.Text.Json.JsonValueKind.Array,
                _ => false,
            };
            if (!ok)
            {
                throw ArmErrors.InvalidContent($"Error converting value {node.ToJsonString()} to type '{rule.Kind}'. Path '{rule.Path}'", rule.Path);
            }

            if (rule.Allowed is { } allowed)
            {
                var value = node.GetValue<string>();
                var canonical = allowed.FirstOrDefault(a => Same(a, value))
                    ?? throw ArmErrors.InvalidContent($"Error converting value \"{value}\" to type '{rule.Path}'. Allowed values are '{string.Join("', '", allowed)}'. Path '{rule.Path}'", rule.Path);
                JsonPaths.Set(resource, rule.Path, canonical);
            }
        }
    }

    private static JsonObject Envelope(ArmAddress address) => new()
    {
        ["id"] = address.Id,
        ["name"] = address.Name,
        ["type"] = address.Type.FullType,
    };

    private static void CopyInto(JsonObject resource, JsonObject template)
    {
        foreach (var key in TrackedKeys.Where(template.ContainsKey))
        {
            resource[key] = template[key]?.DeepClone();
        }

        foreach (var (key, value) in template.Where(p => !resource.ContainsKey(p.Key)).ToList())
        {
            resource[key] = value?.DeepClone();
        }
    }

    private static string LocationOf(ArmRequestContext ctx, ArmAddress address)
    {
        for (ArmAddress? current = address; current is not null; current = current.Parent)
        {
            if (ctx.Store.Get(current)?.Body["location"]?.GetValue<string>() is { } location)
            {
                return location;
            }
        }

        return "global";
    }

    private static string Base(ArmRequestContext ctx) => ctx.BaseUri.GetLeftPart(UriPartial.Authority);

    private static ArmException NotFound(ArmAddress address) => address.Type.IsResourceGroup
        ? ArmErrors.ResourceGroupNotFound(address.Name)
        : ArmErrors.ResourceNotFound(address.Type.Namespace + "/" + TypedName(address), address.ResourceGroup);

    private static ArmException OperationNotFound(string id) => new(HttpStatusCode.NotFound, "OperationNotFound", $"The operation '{id}' could not be found.");

    private static string TypedName(ArmAddress address) => string.Join('/', address.Names.Select((n, i) => $"{address.Type.Segments[i]}/{n}"));

    public static string NormalizeLocation(string location) => location.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
