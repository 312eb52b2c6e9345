using System.Runtime.ExceptionServices;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Controllers;
using AcrOperator.Runtime.Informers;
using AcrOperator.Runtime.Kube;
using k8s;
using k8s.Models;

namespace AcrOperator.Controllers;

/// <summary>
/// Runs one reconcile pass of an Azure-backed kind, the same way for every kind: read the resource from the cache,
/// scope the logs to it, let the kind's own steps build its status on an <see cref="AzurePass{TResource, TStatus}"/>,
/// turn credential and ARM failures into conditions, and write the status once (only if it changed). Holds what
/// those steps share: the kind's resource type, credentials, clients, finalizers, events, pacing and clock.
/// </summary>
public sealed class AzurePassRunner<TResource, TStatus>
    where TResource : class, IKubernetesObject<V1ObjectMeta>, IStatus<TStatus>
    where TStatus : class, IAzureResourceStatus, new()
{
    // A message-template scope, not a dictionary: the console prints a dictionary scope as its type name.
    private static readonly Func<ILogger, string?, string, IDisposable?> ResourceScope =
        LoggerMessage.DefineScope<string?, string>("{Namespace}/{Name}");

    private readonly ObjectStore<TResource> _cache;

    /// <param name="kind">The kind as messages name it, in lower case: "registry", "replication", "webhook".</param>
    public AzurePassRunner(string kind, ResourceType type, ObjectStore<TResource> cache, AzureReconcilerServices services, ReconcilerOptions options, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        Kind = kind;
        Type = type ?? throw new ArgumentNullException(nameof(type));
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        Services = services ?? throw new ArgumentNullException(nameof(services));
        Options = options ?? throw new ArgumentNullException(nameof(options));
        Logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    internal string Kind { get; }

    internal ResourceType Type { get; }

    internal AzureReconcilerServices Services { get; }

    internal ReconcilerOptions Options { get; }

    internal ILogger Logger { get; }

    /// <summary>
    /// One pass over <paramref name="key"/>. <paramref name="steps"/> returns when to look again, or null once the
    /// resource is released (its finalizer removed): then no status is written, since the write would race its removal.
    /// <paramref name="gone"/> runs when the resource is no longer in the cache.
    /// </summary>
    public async Task<ReconcileResult> ReconcileAsync(
        ObjectKey key,
        Func<AzurePass<TResource, TStatus>, CancellationToken, Task<ReconcileResult?>> steps,
        CancellationToken cancellationToken,
        Action<ObjectKey>? gone = null)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var resource = _cache.Get(key);
        if (resource is null)
        {
            // Gone from the cluster: its finalizer was already released, so nothing in Azure is ours to handle.
            gone?.Invoke(key);
            return ReconcileResult.Done;
        }

        using var scope = ResourceScope(Logger, key.Namespace, key.Name);
        var pass = new AzurePass<TResource, TStatus>(this, resource);
        ReconcileResult result;
        Exception? retryWithBackoff = null;
        try
        {
            if (await steps(pass, cancellationToken) is not { } next)
            {
                return ReconcileResult.Done;
            }

            result = next;
        }
        catch (CredentialsException e)
        {
            result = pass.OnCredentialsFailure(e);
            // The Secret may be on its way (GitOps applies in any order) and is not watched: the per-key backoff
            // retries soon at first, then every 15 minutes at most.
            retryWithBackoff = e;
        }
        catch (ArmRequestException e)
        {
            result = pass.OnArmFailure(e.Error);
            if (e.Kind == ArmErrorKind.Transient && e.Error.RetryAfter is null)
            {
                // Unknown trouble without a hint from Azure: let the controller's per-key backoff pace the retries.
                retryWithBackoff = pass.Conceal(e);
            }
        }

        await Services.StatusWriter.UpdateAsync(Type, resource, pass.Status, cancellationToken);
        if (retryWithBackoff is not null)
        {
            ExceptionDispatchInfo.Throw(retryWithBackoff);
        }

        return result;
    }
}
