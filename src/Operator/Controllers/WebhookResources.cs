using AcrOperator.Api.V1Alpha1;
using AcrOperator.Runtime.Kube;

namespace AcrOperator.Controllers;

/// <summary>Where the Webhook kind lives on the API server; it shares the Registry's finalizer name.</summary>
public static class WebhookResources
{
    public static readonly ResourceType Webhooks = new(GroupVersion.Group, GroupVersion.Version, Webhook.KubePluralName, Namespaced: true);
}
