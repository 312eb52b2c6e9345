using System.Reflection;
using AcrOperator.Api.Generation;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Runtime.Kube;
using k8s.Models;

namespace AcrOperator.Controllers;

/// <summary>
/// Everything the operator may ask of the Kubernetes API, and why. <see cref="KubeApiClient"/> refuses any other request
/// (403, as RBAC would), so every test that runs the operator proves its calls stay inside this list; the RBAC tests hold
/// <c>config/rbac</c> and the Helm chart's roles equal to it, and check it against the requests the operator really sends.
/// A new call needs a line here first, then the same grant in the role.
/// </summary>
public static class OperatorAccess
{
    /// <summary>The User-Agent of the operator's requests, by which API server logs (and the tests) tell them apart.</summary>
    public static string UserAgent { get; } = "acr-operator/" + (typeof(OperatorAccess).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    /// <summary>The plural names of every kind the operator defines (its CRDs): each is watched and reconciled the same way.</summary>
    public static IReadOnlyList<string> CustomResources { get; } =
        [.. CrdGenerator.Kinds.Select(kind => kind.GetCustomAttribute<KubernetesEntityAttribute>()!.PluralName)];

    public static IReadOnlyList<KubeAccessRule> Rules { get; } =
    [
        new(GroupVersion.Group, CustomResources, ["get", "list", "watch", "patch"],
            "Informers list and watch every kind; Finalizers adds and removes the finalizer by merge patch; StatusWriter reads the object again after a status conflict."),
        new(GroupVersion.Group, [.. CustomResources.Select(r => r + "/status")], ["patch"],
            "StatusWriter writes status through the /status subresource, by merge patch."),
        new(GroupVersion.Group, [.. CustomResources.Select(r => r + "/finalizers")], ["update"],
            "Admission, not a call: where OwnerReferencesPermissionEnforcement is on, an owner reference to one of these kinds that blocks "
            + "its owner's deletion needs update on the owner's finalizers (the kubebuilder convention for a kind's controller).")
        {
            AdmissionOnly = true,
        },
        new(string.Empty, ["namespaces"], ["list", "watch"],
            "The pull-secret controller caches namespaces' metadata, to fan pull secrets out to the selected ones as they appear."),
        new(string.Empty, ["secrets"], ["get", "list", "watch", "create", "patch", "delete"],
            "Pull secrets and the stored pull credential (labelled informer, create, merge patch, delete with preconditions); "
            + "webhook URI and header Secrets and credentialsRef Secrets (get, and a metadata watch of each named Secret)."),
        new(string.Empty, ["serviceaccounts"], ["get", "list", "watch", "patch"],
            "The pull-secret controller adds and removes its Secret in the imagePullSecrets of named ServiceAccounts by JSON patch, and watches the ones it labelled."),
        new(string.Empty, ["events"], ["create", "patch"],
            "EventRecorder creates an Event per reason and patches its count when it repeats."),
        new("coordination.k8s.io", ["leases"], ["get", "create", "update"],
            "Leader election on one Lease in the operator's namespace, renewed by update with its resourceVersion.")
        {
            OperatorNamespaceOnly = true,
        },
    ];

    /// <summary>The declared access, with the Lease rule bound to <paramref name="operatorNamespace"/>.</summary>
    public static KubeAccessPolicy Policy(string operatorNamespace) => new(Rules, operatorNamespace);
}
