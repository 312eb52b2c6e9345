using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AcrOperator.Sandbox.KubeApi.Patching;
using AcrOperator.Sandbox.KubeApi.Registry;
using AcrOperator.Sandbox.KubeApi.Schema;
using AcrOperator.Sandbox.KubeApi.Storage;

namespace AcrOperator.Sandbox.KubeApi;

/// <summary>
/// The registry strategies of the apiserver over the store: create, update, patch and delete with their metadata,
/// precondition, generation, status-subresource, finalizer and admission rules. Everything that can fail is checked
/// before anything is stored, so bad input never changes state. Like the apiserver's GuaranteedUpdate, the costly part
/// of a write (admission, managedFields, patching) is computed from a snapshot outside the store lock, and the commit
/// under the lock only checks that the object is still that snapshot, preparing again when it is not.
/// </summary>
internal sealed partial class ResourceOperations
{
    private const string NameRegexText = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    private const string LabelRegexText = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static readonly string[] ImmortalNamespaces = ["default", "kube-system", "kube-public"];

    private readonly KubeApiServerOptions options;

    public ResourceOperations(ObjectStore store, ResourceRegistry registry, KubeApiServerOptions options)
    {
        Store = store;
        Registry = registry;
        this.options = options;
    }

    public ObjectStore Store { get; }

    public ResourceRegistry Registry { get; }

    /// <summary>
    /// Raised (under the lock) when something the controllers act on happened: a deletion started or finished, or an
    /// object's ownerReferences changed (its owners may already be gone).
    /// </summary>
    public event Action? ControllerActivity;

    private DateTimeOffset Now => options.TimeProvider.GetUtcNow();

    public StoredObject Get(ServedResource resource, string ns, string name)
    {
        lock (Store.Gate)
        {
            return Store.Get(resource.StorageKey, ObjectStore.KeyOf(ns, name)) ?? throw ApiException.NotFound(resource.Descriptor, name);
        }
    }

    public (StoredObject Object, List<string> Warnings) Create(ServedResource resource, string ns, JsonObject body, WriteOptions write, bool track = true)
    {
        var warnings = new List<string>();
        var metadata = Meta.Of(body);
        PrepareIdentity(resource, ns, body, metadata);
        var key = NameForCreate(resource, body);
        lock (Store.Gate)
        {
            CheckCreateTarget(resource, body, key);
        }

        PrepareCreate(resource, body, write, warnings, track);
        if (write.DryRun)
        {
            return (new StoredObject(body, 0), warnings);
        }

        lock (Store.Gate)
        {
            // Checked again: the namespace or a same-named object may have changed while admission ran unlocked.
            CheckCreateTarget(resource, body, key);
            return (CommitCreateLocked(resource, key, body), warnings);
        }
    }

    /// <summary>
    /// Replaces the object with the body <paramref name="decode"/> returns. Preparing changes the body it is given, so
    /// a second attempt (the object changed meanwhile) decodes the request again rather than every write keeping a copy.
    /// </summary>
    public (StoredObject Object, bool Created, List<string> Warnings) Update(ServedResource resource, string ns, string name, string? subresource, Func<JsonObject> decode, WriteOptions write)
    {
        var warnings = new List<string>();
        var body = Proposed();
        var metadata = Meta.Of(body);
        StoredObject? current;
        lock (Store.Gate)
        {
            current = Store.Get(resource.StorageKey, ObjectStore.KeyOf(ns, name));
            if (current is null)
            {
                if (subresource is null && resource.AllowCreateOnUpdate)
                {
                    metadata.Remove("resourceVersion");
                    return (CreateLocked(resource, body, write, warnings), true, warnings);
                }

                throw ApiException.NotFound(resource.Descriptor, name);
            }
        }

        var bodyVersion = Meta.String(metadata, "resourceVersion");
        if (string.IsNullOrEmpty(bodyVersion) && !resource.AllowUnconditionalUpdate)
        {
            throw ApiException.Invalid(resource.Descriptor, name, new FieldError("FieldValueInvalid", "metadata.resourceVersion", "Invalid value: 0: must be specified for an update", 0));
        }

        var attempts = 0;
        var stored = UpdateGuaranteed(resource, current, latest =>
        {
            warnings.Clear();
            var proposed = attempts++ == 0 ? body : Proposed();
            return PrepareUpdate(resource, latest, proposed, subresource, write, warnings, track: true);
        });
        return (stored, false, warnings);

        JsonObject Proposed()
        {
            var proposed = decode();
            var metadata = Meta.Of(proposed);
            var bodyName = Meta.String(metadata, "name");
            if (string.IsNullOrEmpty(bodyName))
            {
                metadata["name"] = name;
            }
            else if (bodyName != name)
            {
                throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
            }

            PrepareIdentity(resource, ns, proposed, metadata);
            return proposed;
        }
    }

    public (StoredObject Object, bool Created, List<string> Warnings) Patch(
        ServedResource resource, string ns, string name, string? subresource, string contentType, byte[] body, WriteOptions write)
    {
        var media = Http.MediaType.Parse(contentType).Type;
        var warnings = new List<string>();
        JsonNode? patch;
        switch (media)
        {
            case "application/json-patch+json" or "application/merge-patch+json":
                patch = Http.RequestBody.ParseJson(body);
                if (media == "application/json-patch+json" && patch is not JsonArray)
                {
                    throw ApiException.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
                }

                break;
            case "application/strategic-merge-patch+json" when !resource.Descriptor.IsCustomResource:
                patch = Http.RequestBody.ParseJson(body);
                break;
            case "application/apply-patch+yaml":
                if (write.FieldManager.Length == 0)
                {
                    throw ApiException.Invalid("meta.k8s.io", "PatchOptions", string.Empty, [new FieldError("FieldValueRequired", "fieldManager", "Required value: is required for apply patch")]);
                }

                patch = Http.RequestBody.ParseYamlOrJson(body);
                break;
            default:
                throw ApiException.UnsupportedPatchType();
        }

        if (media != "application/json-patch+json" && patch is not JsonObject)
        {
            throw ApiException.BadRequest("json: cannot unmarshal " + (patch is JsonArray ? "array" : "value") + " into Go value of type map[string]interface {}");
        }

        StoredObject? current;
        lock (Store.Gate)
        {
            current = Store.Get(resource.StorageKey, ObjectStore.KeyOf(ns, name));
            if (current is null)
            {
                if (media != "application/apply-patch+yaml" || subresource is not null)
                {
                    throw ApiException.NotFound(resource.Descriptor, name);
                }

                var applied = (JsonObject)patch!;
                var created = (JsonObject)Patched(() => ServerSideApply.Apply(null, applied, write.FieldManager, write.Force, Now));
                var createdMeta = Meta.Of(created);
                createdMeta["name"] = name;
                PrepareIdentity(resource, ns, created, createdMeta);
                return (CreateLocked(resource, created, write, warnings, track: false), true, warnings);
            }
        }

        var stored = UpdateGuaranteed(resource, current, latest =>
        {
            warnings.Clear();
            var proposed = media switch
            {
                "application/json-patch+json" => Patched(() => JsonPatch.Apply(latest.CloneObject(), (JsonArray)patch!)),
                "application/merge-patch+json" => Patched(() => MergePatch.Apply(latest.CloneObject(), patch)),
                "application/strategic-merge-patch+json" => Patched(() => StrategicMergePatch.Apply(latest.CloneObject(), patch!, resource.Descriptor.Group, resource.Descriptor.Kind)),
                _ => Patched(() => ServerSideApply.Apply(latest.CloneObject(), (JsonObject)patch!, write.FieldManager, write.Force, Now, subresource)),
            } as JsonObject ?? throw ApiException.BadRequest("the patch produced something other than an object");
            var metadata = Meta.Of(proposed);
            if (Meta.String(metadata, "name") != name)
            {
                throw ApiException.BadRequest($"the name of the object ({Meta.String(metadata, "name")}) does not match the name on the URL ({name})");
            }

            PrepareIdentity(resource, ns, proposed, metadata);
            var track = media != "application/apply-patch+yaml";
            return PrepareUpdate(resource, latest, proposed, subresource, write, warnings, track);
        });
        return (stored, false, warnings);
    }

    /// <summary>Deletes or starts deleting; returns the object and whether it is gone (false: finalizers pending).</summary>
    public (StoredObject Object, bool Removed) Delete(ServedResource resource, string ns, string name, DeleteRequest request)
    {
        lock (Store.Gate)
        {
            var current = Store.Get(resource.StorageKey, ObjectStore.KeyOf(ns, name)) ?? throw ApiException.NotFound(resource.Descriptor, name);
            return DeleteLocked(resource, current, request);
        }
    }

    internal (StoredObject Object, bool Removed) DeleteLocked(ServedResource resource, StoredObject current, DeleteRequest request)
    {
        var name = current.Name;
        if (request.PreconditionUid is { Length: > 0 } uid && uid != current.Uid)
        {
            throw ApiException.Conflict(resource.Descriptor, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Uid}");
        }

        if (request.PreconditionResourceVersion is { Length: > 0 } rv && rv != ObjectStore.FormatRevision(current.ResourceVersion))
        {
            throw ApiException.Conflict(resource.Descriptor, name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {ObjectStore.FormatRevision(current.ResourceVersion)}");
        }

        var obj = current.CloneObject();
        var metadata = Meta.Of(obj);
        if (resource == BuiltinResources.Namespaces)
        {
            if (ImmortalNamespaces.Contains(name))
            {
                throw ApiException.Forbidden(resource.Descriptor, name, "this namespace may not be deleted");
            }

            if (Meta.IsDeleting(metadata) && (obj["spec"]?["finalizers"] as JsonArray)?.Count > 0)
            {
                throw ApiException.Conflict(resource.Descriptor, name, "The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.");
            }

            obj["status"] = new JsonObject { ["phase"] = "Terminating" };
        }

        var finalizers = Meta.Finalizers(metadata);
        switch (request.PropagationPolicy)
        {
            case "Foreground":
                finalizers.Remove("orphan");
                AddOnce(finalizers, "foregroundDeletion");
                break;
            case "Orphan":
                finalizers.Remove("foregroundDeletion");
                AddOnce(finalizers, "orphan");
                break;
            case "Background":
                finalizers.Remove("foregroundDeletion");
                finalizers.Remove("orphan");
                break;
            case null:
                break;
            default:
                throw ApiException.Invalid("meta.k8s.io", "DeleteOptions", string.Empty, [new FieldError("FieldValueNotSupported", "propagationPolicy", $"Unsupported value: \"{request.PropagationPolicy}\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"")]);
        }

        var pending = finalizers.Count > 0 || (resource == BuiltinResources.Namespaces && (obj["spec"]?["finalizers"] as JsonArray)?.Count > 0);
        if (!pending)
        {
            if (request.DryRun)
            {
                return (current, true);
            }

            var last = Store.Remove(resource.StorageKey, ObjectStore.KeyOf(current.Namespace, name));
            AfterRemoval(resource, last);
            return (last, true);
        }

        Meta.SetFinalizers(metadata, finalizers);
        if (!Meta.IsDeleting(metadata))
        {
            metadata["deletionTimestamp"] = Meta.Timestamp(Now);
            metadata["deletionGracePeriodSeconds"] = 0;
            if (resource.TracksGeneration)
            {
                metadata["generation"] = Meta.Generation(metadata) + 1;
            }
        }

        if (JsonNode.DeepEquals(obj, current.Object) || request.DryRun)
        {
            return (request.DryRun ? new StoredObject(obj, current.ResourceVersion) : current, false);
        }

        var stored = Store.Put(resource.StorageKey, ObjectStore.KeyOf(current.Namespace, name), obj);
        ControllerActivity?.Invoke();
        return (stored, false);
    }

    /// <summary>Removes a finalizer as a controller would, deleting the object when it was the last one.</summary>
    internal void RemoveFinalizerLocked(ServedResource resource, StoredObject current, string finalizer)
    {
        var obj = current.CloneObject();
        var metadata = Meta.Of(obj);
        var finalizers = Meta.Finalizers(metadata);
        if (finalizers.Remove(finalizer))
        {
            Meta.SetFinalizers(metadata, finalizers);
            CommitLocked(resource, current, obj);
        }
    }

    /// <summary>Stores a controller's change to an object, deleting it when its deletion is no longer blocked.</summary>
    internal StoredObject CommitLocked(ServedResource resource, StoredObject current, JsonObject obj)
    {
        var metadata = Meta.Of(obj);
        var key = ObjectStore.KeyOf(current.Namespace, current.Name);
        var namespaceBlocked = resource == BuiltinResources.Namespaces && (obj["spec"]?["finalizers"] as JsonArray)?.Count > 0;
        if (Meta.IsDeleting(metadata) && Meta.Finalizers(metadata).Count == 0 && !namespaceBlocked)
        {
            var last = Store.Remove(resource.StorageKey, key);
            AfterRemoval(resource, last);
            return last;
        }

        if (JsonNode.DeepEquals(obj, current.Object))
        {
            return current;
        }

        var stored = Store.Put(resource.StorageKey, key, obj);
        AfterWrite(resource, current, stored);
        return stored;
    }

    /// <summary>
    /// Prepares the change from <paramref name="current"/> without the lock, then commits it if the object is still
    /// that version; otherwise prepares again from the newer one (which may now fail, e.g. on a resourceVersion precondition).
    /// </summary>
    private StoredObject UpdateGuaranteed(ServedResource resource, StoredObject current, Func<StoredObject, (JsonObject? Change, StoredObject? Result)> prepare)
    {
        var key = ObjectStore.KeyOf(current.Namespace, current.Name);
        while (true)
        {
            var (change, result) = prepare(current);
            if (result is not null)
            {
                return result;
            }

            lock (Store.Gate)
            {
                var latest = Store.Get(resource.StorageKey, key) ?? throw ApiException.NotFound(resource.Descriptor, current.Name);
                if (ReferenceEquals(latest, current))
                {
                    return CommitLocked(resource, current, change!);
                }

                current = latest;
            }
        }
    }

    /// <summary>Creates an object as a controller does, under the store lock the controllers hold.</summary>
    internal StoredObject CreateByControllerLocked(ServedResource resource, JsonObject obj, string fieldManager) =>
        CreateLocked(resource, obj, WriteOptions.Controller with { FieldManager = fieldManager }, []);

    private StoredObject CreateLocked(ServedResource resource, JsonObject obj, WriteOptions write, List<string> warnings, bool track = true)
    {
        var key = NameForCreate(resource, obj);
        CheckCreateTarget(resource, obj, key);
        PrepareCreate(resource, obj, write, warnings, track);
        return write.DryRun ? new StoredObject(obj, 0) : CommitCreateLocked(resource, key, obj);
    }

    /// <summary>Names the object (generateName) and validates the name; returns its store key.</summary>
    private static string NameForCreate(ServedResource resource, JsonObject obj)
    {
        var descriptor = resource.Descriptor;
        var metadata = Meta.Of(obj);
        if (string.IsNullOrEmpty(Meta.String(metadata, "name")))
        {
            if (Meta.String(metadata, "generateName") is { Length: > 0 } prefix)
            {
                metadata["name"] = GenerateName(prefix);
            }
            else
            {
                throw ApiException.Invalid(descriptor, string.Empty, new FieldError("FieldValueRequired", "metadata.name", "Required value: name or generateName is required"));
            }
        }

        var name = Meta.String(metadata, "name")!;
        var ns = Meta.String(metadata, "namespace") ?? string.Empty;
        var errors = ValidateName(resource, name);
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(descriptor, name, errors);
        }

        return ObjectStore.KeyOf(ns, name);
    }

    /// <summary>The namespace must accept content and the name must be free. Caller holds the lock.</summary>
    private void CheckCreateTarget(ServedResource resource, JsonObject obj, string key)
    {
        var metadata = Meta.Of(obj);
        var name = Meta.String(metadata, "name")!;
        if (resource.Descriptor.Namespaced)
        {
            CheckNamespaceAcceptsContent(resource, Meta.String(metadata, "namespace") ?? string.Empty, name);
        }

        if (Store.Get(resource.StorageKey, key) is not null)
        {
            throw ApiException.AlreadyExists(resource.Descriptor, name);
        }
    }

    /// <summary>Server-set metadata, admission and managedFields of a new object; touches nothing in the store.</summary>
    private void PrepareCreate(ServedResource resource, JsonObject obj, WriteOptions write, List<string> warnings, bool track)
    {
        var descriptor = resource.Descriptor;
        var metadata = Meta.Of(obj);
        ObjectMetaValidation.Validate(descriptor, metadata);
        metadata.Remove("resourceVersion");
        metadata.Remove("deletionTimestamp");
        metadata.Remove("deletionGracePeriodSeconds");
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Meta.Timestamp(Now);
        if (resource.TracksGeneration)
        {
            metadata["generation"] = 1L;
        }
        else
        {
            metadata.Remove("generation");
        }

        if (descriptor.HasStatusSubresource && descriptor.IsCustomResource)
        {
            obj.Remove("status");
        }

        ApplyStrategy(resource, null, obj, write, warnings);
        if (track && options.TrackManagedFields)
        {
            ServerSideApply.TrackUpdate(null, obj, write.FieldManager, "Update", Now);
        }
    }

    private StoredObject CommitCreateLocked(ServedResource resource, string key, JsonObject obj)
    {
        var stored = Store.Put(resource.StorageKey, key, obj);
        AfterWrite(resource, null, stored);
        return stored;
    }

    /// <summary>
    /// Builds the next version of <paramref name="current"/> from <paramref name="proposed"/> without touching the
    /// store: either the object to commit, or the result when nothing is to be stored (no change, or a dry run).
    /// </summary>
    private (JsonObject? Change, StoredObject? Result) PrepareUpdate(ServedResource resource, StoredObject current, JsonObject proposed, string? subresource, WriteOptions write, List<string> warnings, bool track)
    {
        var descriptor = resource.Descriptor;
        var name = current.Name;
        var bodyMeta = Meta.Of(proposed);
        var bodyVersion = Meta.String(bodyMeta, "resourceVersion");
        if (!string.IsNullOrEmpty(bodyVersion) && bodyVersion != ObjectStore.FormatRevision(current.ResourceVersion))
        {
            throw ApiException.Conflict(descriptor, name, ApiException.OptimisticLockMessage);
        }

        var bodyUid = Meta.String(bodyMeta, "uid");
        if (!string.IsNullOrEmpty(bodyUid) && bodyUid != current.Uid)
        {
            throw ApiException.Invalid(descriptor, name, new FieldError("FieldValueInvalid", "metadata.uid", $"Invalid value: \"{bodyUid}\": field is immutable", bodyUid));
        }

        JsonObject obj;
        if (subresource is "status" or "finalize")
        {
            // Status writes take only status (and managedFields) from the body; /finalize only spec.finalizers.
            obj = current.CloneObject();
            if (subresource == "status")
            {
                CopyField(proposed, obj, "status");
            }
            else
            {
                var spec = obj["spec"] as JsonObject ?? new JsonObject();
                spec["finalizers"] = proposed["spec"]?["finalizers"]?.DeepClone() ?? new JsonArray();
                obj["spec"] = spec;
            }

            if (bodyMeta["managedFields"] is { } managed)
            {
                Meta.Of(obj)["managedFields"] = managed.DeepClone();
            }
        }
        else
        {
            obj = proposed;
            if (descriptor.HasStatusSubresource)
            {
                CopyField(current.Object, obj, "status");
            }

            if (resource == BuiltinResources.Namespaces)
            {
                var spec = obj["spec"] as JsonObject ?? new JsonObject();
                spec["finalizers"] = current.Object["spec"]?["finalizers"]?.DeepClone();
                obj["spec"] = spec;
            }
        }

        var metadata = Meta.Of(obj);
        var currentMeta = current.Metadata;
        foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "namespace", "name" })
        {
            CopyField(currentMeta, metadata, field);
        }

        if (metadata["managedFields"] is null && currentMeta["managedFields"] is { } managedFields)
        {
            // Leaving managedFields out keeps them; only an explicit empty list clears them.
            metadata["managedFields"] = managedFields.DeepClone();
        }

        metadata["resourceVersion"] = ObjectStore.FormatRevision(current.ResourceVersion);
        metadata.Remove("generateName");
        if (currentMeta["generateName"] is { } generateName)
        {
            metadata["generateName"] = generateName.DeepClone();
        }

        ObjectMetaValidation.Validate(descriptor, metadata);
        if (Meta.IsDeleting(currentMeta))
        {
            var added = Meta.Finalizers(metadata).Except(Meta.Finalizers(currentMeta)).ToList();
            if (added.Count > 0)
            {
                throw ApiException.Invalid(descriptor, name, new FieldError(
                    "FieldValueForbidden",
                    "metadata.finalizers",
                    "Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{" + string.Join(", ", added.Select(f => $"\"{f}\"")) + "}"));
            }
        }

        ApplyStrategy(resource, current.Object, obj, write, warnings);
        if (resource.TracksGeneration && !SameOutsideMetadata(obj, current.Object, descriptor.HasStatusSubresource ? "status" : null))
        {
            metadata["generation"] = Meta.Generation(currentMeta) + 1;
        }

        if (SameIgnoringManagedFields(obj, current.Object))
        {
            return (null, current);
        }

        if (track && options.TrackManagedFields)
        {
            ServerSideApply.TrackUpdate(current.Object, obj, write.FieldManager, "Update", Now, subresource);
        }

        return write.DryRun ? (null, new StoredObject(obj, current.ResourceVersion)) : (obj, null);
    }

    private void ApplyStrategy(ServedResource resource, JsonObject? old, JsonObject obj, WriteOptions write, List<string> warnings)
    {
        var descriptor = resource.Descriptor;
        obj["apiVersion"] = descriptor.GroupVersion;
        obj["kind"] = descriptor.Kind;
        var name = Meta.String(Meta.Of(obj), "name") ?? string.Empty;
        if (resource == BuiltinResources.Namespaces && old is null)
        {
            obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
            obj["status"] = new JsonObject { ["phase"] = "Active" };
        }
        else if (resource == BuiltinResources.CustomResourceDefinitions)
        {
            CustomResourceDefinitions.Admit(descriptor, old, obj, Now);
        }
        else if (descriptor is { Group: "", Kind: "Secret" })
        {
            ConfigDataValidation.CheckSecretTypes(descriptor, obj);
            MergeStringData(obj);

            // SetDefaults_Secret: kubectl create secret generic leaves the type empty and shows what the server chose.
            if (string.IsNullOrEmpty(Meta.String(obj, "type")))
            {
                obj["type"] = "Opaque";
            }

            ThrowIfInvalid(descriptor, name, ConfigDataValidation.ValidateSecret(obj));
        }
        else if (descriptor is { Group: "", Kind: "ConfigMap" })
        {
            ConfigDataValidation.CheckConfigMapTypes(descriptor, obj);
            ThrowIfInvalid(descriptor, name, ConfigDataValidation.ValidateConfigMap(obj));
        }
        else if (descriptor.Kind == "Event")
        {
            var errors = descriptor.Group.Length == 0 ? EventValidation.ValidateCore(obj) : EventValidation.ValidateEventsV1(obj, old);
            if (errors.Count > 0)
            {
                throw ApiException.Invalid(descriptor, name, errors);
            }
        }

        if (descriptor.IsCustomResource && !resource.SchemaIsTrivial)
        {
            ApplySchema(resource, old, obj, write, warnings, name);
        }
    }

    private static void ThrowIfInvalid(Model.ResourceDescriptor descriptor, string name, List<FieldError> errors)
    {
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(descriptor, name, errors);
        }
    }

    private static void ApplySchema(ServedResource resource, JsonObject? old, JsonObject obj, WriteOptions write, List<string> warnings, string name)
    {
        var schema = resource.Schema;
        schema.ApplyDefaults(obj);
        var unknown = schema.Prune(obj);
        if (unknown.Count > 0 && write.FieldValidation == "Strict")
        {
            var kind = resource.Descriptor.Kind;
            throw ApiException.BadRequest(
                $"{kind} in version \"{resource.Descriptor.Version}\" cannot be handled as a {kind}: strict decoding error: "
                + string.Join(", ", unknown.Select(u => $"unknown field \"{u}\"")));
        }

        if (write.FieldValidation == "Warn")
        {
            warnings.AddRange(unknown.Select(u => $"unknown field \"{u}\""));
        }

        var errors = schema.Validate(obj, old);
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(resource.Descriptor, name, errors);
        }
    }

    private void AfterWrite(ServedResource resource, StoredObject? previous, StoredObject stored)
    {
        if (resource == BuiltinResources.CustomResourceDefinitions)
        {
            Registry.SetCustomResources(stored.Name, stored.Object);
        }

        // The garbage collector looks at new and changed ownerReferences at once, so a dependent of an owner that is
        // already gone is collected within moments, as on a real cluster, and not only after the next deletion.
        // A new namespace gets its default ServiceAccount from the service account controller.
        var references = stored.Metadata["ownerReferences"];
        if (Meta.IsDeleting(stored.Metadata)
            || (resource == BuiltinResources.Namespaces && previous is null)
            || (references is JsonArray { Count: > 0 } && !JsonNode.DeepEquals(references, previous?.Metadata["ownerReferences"])))
        {
            ControllerActivity?.Invoke();
        }
    }

    private void AfterRemoval(ServedResource resource, StoredObject last)
    {
        if (resource == BuiltinResources.CustomResourceDefinitions)
        {
            Registry.SetCustomResources(last.Name, null);
        }

        ControllerActivity?.Invoke();
    }

    private void CheckNamespaceAcceptsContent(ServedResource resource, string ns, string name)
    {
        var nsObject = Store.Get(BuiltinResources.Namespaces.StorageKey, ObjectStore.KeyOf(string.Empty, ns))
            ?? throw ApiException.NotFound(BuiltinResources.Namespaces.Descriptor, ns);
        if (Meta.IsDeleting(nsObject.Metadata))
        {
            throw ApiException.Forbidden(
                resource.Descriptor,
                name,
                $"unable to create new content in namespace {ns} because it is being terminated",
                [new JsonObject { ["reason"] = "NamespaceTerminating", ["message"] = $"namespace {ns} is being terminated", ["field"] = "metadata.namespace" }]);
        }
    }

    private static void PrepareIdentity(ServedResource resource, string ns, JsonObject body, JsonObject metadata)
    {
        var descriptor = resource.Descriptor;
        var apiVersion = Meta.String(body, "apiVersion");
        var kind = Meta.String(body, "kind");
        if ((!string.IsNullOrEmpty(kind) && kind != descriptor.Kind) || (!string.IsNullOrEmpty(apiVersion) && apiVersion != descriptor.GroupVersion))
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({descriptor.GroupVersion})");
        }

        if (descriptor.Namespaced)
        {
            var bodyNs = Meta.String(metadata, "namespace");
            if (!string.IsNullOrEmpty(bodyNs) && bodyNs != ns)
            {
                throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            metadata["namespace"] = ns;
        }
        else
        {
            metadata.Remove("namespace");
        }
    }

    private static List<FieldError> ValidateName(ServedResource resource, string name)
    {
        var errors = new List<FieldError>();
        if (resource == BuiltinResources.Namespaces)
        {
            if (name.Length > 63 || !LabelRegex().IsMatch(name))
            {
                errors.Add(new FieldError("FieldValueInvalid", "metadata.name", $"Invalid value: \"{name}\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '{LabelRegexText}')", name));
            }
        }
        else if (name.Length > 253 || !NameRegex().IsMatch(name))
        {
            errors.Add(new FieldError("FieldValueInvalid", "metadata.name", $"Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '{NameRegexText}')", name));
        }

        return errors;
    }

    private static string GenerateName(string prefix)
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        var suffix = new StringBuilder(5);
        for (var i = 0; i < 5; i++)
        {
            suffix.Append(alphabet[Random.Shared.Next(alphabet.Length)]);
        }

        return (prefix.Length > 58 ? prefix[..58] : prefix) + suffix;
    }

    private static void MergeStringData(JsonObject secret)
    {
        if (secret["stringData"] is not JsonObject stringData)
        {
            return;
        }

        var data = secret["data"] as JsonObject ?? new JsonObject();
        foreach (var (key, value) in stringData)
        {
            data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value?.GetValue<string>() ?? string.Empty));
        }

        secret["data"] = data;
        secret.Remove("stringData");
    }

    private static JsonNode Patched(Func<JsonNode?> apply)
    {
        try
        {
            return apply() ?? throw ApiException.BadRequest("the patch produced null");
        }
        catch (PatchException e)
        {
            throw new ApiException(e.StatusCode, e.Reason, e.Message, e.Causes is null ? null : new JsonObject { ["causes"] = e.Causes });
        }
    }

    private static void CopyField(JsonObject from, JsonObject to, string field)
    {
        if (from[field] is { } value)
        {
            to[field] = value.DeepClone();
        }
        else
        {
            to.Remove(field);
        }
    }

    private static void AddOnce(List<string> list, string value)
    {
        if (!list.Contains(value))
        {
            list.Add(value);
        }
    }

    private static bool SameOutsideMetadata(JsonObject a, JsonObject b, string? alsoIgnored = null)
    {
        foreach (var (key, value) in a)
        {
            if (key != "metadata" && key != alsoIgnored && !JsonNode.DeepEquals(value, b[key]))
            {
                return false;
            }
        }

        return b.Count(p => p.Key != "metadata" && p.Key != alsoIgnored) == a.Count(p => p.Key != "metadata" && p.Key != alsoIgnored);
    }

    private static bool SameIgnoringManagedFields(JsonObject a, JsonObject b)
    {
        if (!SameOutsideMetadata(a, b))
        {
            return false;
        }

        var ma = Meta.Of(a);
        var mb = b["metadata"] as JsonObject ?? new JsonObject();
        foreach (var (key, value) in ma)
        {
            if (key != "managedFields" && !JsonNode.DeepEquals(value, mb[key]))
            {
                return false;
            }
        }

        return mb.Count(p => p.Key != "managedFields") == ma.Count(p => p.Key != "managedFields");
    }

    [GeneratedRegex("^" + NameRegexText + "$")]
    private static partial Regex NameRegex();

    [GeneratedRegex("^" + LabelRegexText + "$")]
    private static partial Regex LabelRegex();
}
