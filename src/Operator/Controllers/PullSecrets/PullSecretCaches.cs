using AcrOperator.Api.V1Alpha1;
using AcrOperator.Runtime.Informers;
using AcrOperator.Runtime.Kube;
using k8s.Models;

namespace AcrOperator.Controllers.PullSecrets;

/// <summary>
/// The caches the pull-secret controller reads: Registries, Namespaces by metadata only, and only the operator's own
/// Secrets and labelled ServiceAccounts (never every Secret in the cluster).
/// </summary>
public sealed record PullSecretCaches(
    ObjectStore<Registry> Registries,
    ObjectStore<PartialObjectMetadata> Namespaces,
    ObjectStore<V1Secret> Secrets,
    ObjectStore<V1ServiceAccount> ServiceAccounts);
