using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Registry;
using AcrOperator.Sandbox.KubeApi.Storage;

namespace AcrOperator.Sandbox.KubeApi.Controllers;

/// <summary>
/// What kube-controller-manager and the apiextensions controllers do after a deletion starts or finishes: the
/// namespace controller (delete the contents, then drop the <c>kubernetes</c> finalizer), the garbage collector
/// (background, foreground and orphan propagation by ownerReferences) and the CRD finalizer (delete every
/// instance, then let the CRD go); and the service account controller (a <c>default</c> ServiceAccount in every
/// active namespace). One background loop, woken by new namespaces, deletions and ownerReference changes, runs passes
/// until nothing changes.
/// </summary>
internal sealed partial class ClusterControllers : IAsyncDisposable
{
    private readonly ResourceOperations operations;
    private readonly ILogger logger;
    private readonly SemaphoreSlim wake = new(0, 1);
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private readonly bool defaultServiceAccounts;

    public ClusterControllers(ResourceOperations operations, ILogger logger, bool defaultServiceAccounts = false)
    {
        this.operations = operations;
        this.logger = logger;
        this.defaultServiceAccounts = defaultServiceAccounts;
        operations.ControllerActivity += Signal;
        loop = Task.Run(RunAsync);
        if (defaultServiceAccounts)
        {
            // The namespaces seeded before the loop started need their ServiceAccounts too.
            Signal();
        }
    }

    private ObjectStore Store => operations.Store;

    public async ValueTask DisposeAsync()
    {
        operations.ControllerActivity -= Signal;
        await stop.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
            // Stopping is the expected way out of the loop.
        }

        stop.Dispose();
        wake.Dispose();
    }

    private void Signal()
    {
        if (wake.CurrentCount == 0)
        {
            try
            {
                wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled: one pending pass covers every change so far.
            }
        }
    }

    private async Task RunAsync()
    {
        while (true)
        {
            await wake.WaitAsync(stop.Token);
            for (var pass = 0; pass < 100; pass++)
            {
                if (!RunPass())
                {
                    break;
                }
            }
        }
    }

    /// <summary>One pass of every controller; whether it changed anything.</summary>
    private bool RunPass()
    {
        lock (Store.Gate)
        {
            var before = Store.Revision;
            // Each controller on its own: an object one of them cannot handle must not stop the others, nor end the
            // loop, which would leave every later deletion (and each namespace) pending forever.
            RunGuarded(CollectGarbage, "garbage collector");
            RunGuarded(FinalizeNamespaces, "namespace controller");
            RunGuarded(FinalizeCustomResourceDefinitions, "CRD finalizer");
            if (defaultServiceAccounts)
            {
                RunGuarded(CreateDefaultServiceAccounts, "service account controller");
            }

            return Store.Revision != before;
        }
    }

    private void RunGuarded(Action controller, string name)
    {
        try
        {
            controller();
        }
#pragma warning disable CA1031 // A failing controller is logged and retried on the next wake-up, as a real one requeues.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogControllerFailed(logger, e, name);
        }
    }

    private ServedResource? ResourceFor(string storageKey) => operations.Registry.ByStorageKey(storageKey).FirstOrDefault();

    private void TryDelete(ServedResource resource, StoredObject obj, DeleteRequest request)
    {
        try
        {
            operations.DeleteLocked(resource, obj, request);
        }
        catch (ApiException)
        {
            // Controllers retry on their next pass, as the real ones requeue.
        }
#pragma warning disable CA1031 // One object the deletion cannot handle must not keep the rest of the pass from running.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogDeleteFailed(logger, e, obj.Namespace, obj.Name);
        }
    }

    private void CollectGarbage()
    {
        var owners = new Dictionary<string, StoredObject>(StringComparer.Ordinal);
        var dependents = new List<(string StorageKey, StoredObject Object)>();
        foreach (var storageKey in Store.StorageKeys.ToList())
        {
            foreach (var obj in Store.Items(storageKey).Values)
            {
                if (obj.Metadata["ownerReferences"] is JsonArray { Count: > 0 })
                {
                    dependents.Add((storageKey, obj));
                }
            }
        }

        var blocking = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (storageKey, dependent) in dependents)
        {
            if (ResourceFor(storageKey) is not { } resource)
            {
                continue;
            }

            var refs = dependent.Metadata["ownerReferences"]!.AsArray();
            var solid = 0;
            var drop = new List<string>();
            var foreground = false;
            foreach (var reference in refs)
            {
                var uid = reference?["uid"]?.GetValue<string>() ?? string.Empty;
                var owner = Store.FindByUid(uid)?.Object;
                if (owner is not null && owner.Namespace.Length > 0 && owner.Namespace != dependent.Namespace)
                {
                    owner = null;
                }

                var ownerFinalizers = owner is null ? [] : Meta.Finalizers(owner.Metadata);
                if (owner is null)
                {
                    drop.Add(uid);
                }
                else if (Meta.IsDeleting(owner.Metadata) && ownerFinalizers.Contains("orphan"))
                {
                    drop.Add(uid);
                    solid++;
                }
                else if (Meta.IsDeleting(owner.Metadata) && ownerFinalizers.Contains("foregroundDeletion"))
                {
                    foreground = true;
                    drop.Add(uid);
                    if (reference?["blockOwnerDeletion"]?.GetValue<bool>() == true)
                    {
                        blocking.Add(uid);
                    }
                }
                else
                {
                    solid++;
                }
            }

            if (solid > 0 && drop.Count > 0)
            {
                var obj = dependent.CloneObject();
                var kept = new JsonArray([.. refs.Where(r => !drop.Contains(r?["uid"]?.GetValue<string>() ?? string.Empty)).Select(r => r!.DeepClone())]);
                if (kept.Count == 0)
                {
                    Meta.Of(obj).Remove("ownerReferences");
                }
                else
                {
                    Meta.Of(obj)["ownerReferences"] = kept;
                }

                operations.CommitLocked(resource, dependent, obj);
            }
            else if (solid == 0 && !Meta.IsDeleting(dependent.Metadata))
            {
                TryDelete(resource, dependent, new DeleteRequest(foreground ? "Foreground" : "Background"));
            }
        }

        ReleaseOwners(blocking);
    }

    /// <summary>Removes the foregroundDeletion finalizer from owners nothing blocks any more, and orphan from orphaning owners.</summary>
    private void ReleaseOwners(HashSet<string> blocking)
    {
        foreach (var storageKey in Store.StorageKeys.ToList())
        {
            if (ResourceFor(storageKey) is not { } resource)
            {
                continue;
            }

            foreach (var obj in Store.Items(storageKey).Values.ToList())
            {
                if (!Meta.IsDeleting(obj.Metadata))
                {
                    continue;
                }

                var finalizers = Meta.Finalizers(obj.Metadata);
                if (finalizers.Contains("orphan"))
                {
                    operations.RemoveFinalizerLocked(resource, obj, "orphan");
                }
                else if (finalizers.Contains("foregroundDeletion") && !blocking.Contains(obj.Uid))
                {
                    operations.RemoveFinalizerLocked(resource, obj, "foregroundDeletion");
                }
            }
        }
    }

    private void FinalizeNamespaces()
    {
        foreach (var ns in Store.Items(BuiltinResources.Namespaces.StorageKey).Values.ToList())
        {
            if (!Meta.IsDeleting(ns.Metadata))
            {
                continue;
            }

            var remaining = 0;
            foreach (var storageKey in Store.StorageKeys.ToList())
            {
                if (ResourceFor(storageKey) is not { Descriptor.Namespaced: true } resource)
                {
                    continue;
                }

                foreach (var obj in Store.Items(storageKey).Values.Where(o => o.Namespace == ns.Name).ToList())
                {
                    remaining++;
                    if (!Meta.IsDeleting(obj.Metadata))
                    {
                        TryDelete(resource, obj, DeleteRequest.Background);
                    }
                }
            }

            if (remaining == 0 && ns.Object["spec"]?["finalizers"] is JsonArray { Count: > 0 })
            {
                var obj = ns.CloneObject();
                obj["spec"]!["finalizers"] = new JsonArray([.. obj["spec"]!["finalizers"]!.AsArray().Where(f => f?.GetValue<string>() != "kubernetes").Select(f => f!.DeepClone())]);
                operations.CommitLocked(BuiltinResources.Namespaces, ns, obj);
            }
        }
    }

    private void CreateDefaultServiceAccounts()
    {
        foreach (var ns in Store.Items(BuiltinResources.Namespaces.StorageKey).Values.ToList())
        {
            if (Meta.IsDeleting(ns.Metadata) || Store.Get(BuiltinResources.ServiceAccounts.StorageKey, ObjectStore.KeyOf(ns.Name, "default")) is not null)
            {
                continue;
            }

            try
            {
                operations.CreateByControllerLocked(
                    BuiltinResources.ServiceAccounts,
                    new JsonObject
                    {
                        ["apiVersion"] = "v1",
                        ["kind"] = "ServiceAccount",
                        ["metadata"] = new JsonObject { ["name"] = "default", ["namespace"] = ns.Name },
                    },
                    "kube-controller-manager");
            }
            catch (ApiException)
            {
                // The namespace started terminating meanwhile; the next pass looks again, as the real controller requeues.
            }
        }
    }

    private void FinalizeCustomResourceDefinitions()
    {
        foreach (var crd in Store.Items(BuiltinResources.CustomResourceDefinitions.StorageKey).Values.ToList())
        {
            if (!Meta.IsDeleting(crd.Metadata) || !Meta.Finalizers(crd.Metadata).Contains(CustomResourceDefinitions.CleanupFinalizer))
            {
                continue;
            }

            var storageKey = crd.Object["spec"]!["group"]!.GetValue<string>() + "/" + crd.Object["spec"]!["names"]!["plural"]!.GetValue<string>();
            var instances = Store.Items(storageKey).Values.ToList();
            if (instances.Count > 0 && ResourceFor(storageKey) is { } resource)
            {
                foreach (var instance in instances.Where(i => !Meta.IsDeleting(i.Metadata)))
                {
                    TryDelete(resource, instance, DeleteRequest.Background);
                }

                continue;
            }

            operations.RemoveFinalizerLocked(BuiltinResources.CustomResourceDefinitions, crd, CustomResourceDefinitions.CleanupFinalizer);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Controller} failed a pass")]
    private static partial void LogControllerFailed(ILogger logger, Exception exception, string controller);

    [LoggerMessage(Level = LogLevel.Error, Message = "A controller could not delete {Namespace}/{Name}")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string @namespace, string name);
}
