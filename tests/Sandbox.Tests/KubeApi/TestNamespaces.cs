using k8s;
using k8s.Models;

namespace AcrOperator.Sandbox.Tests.KubeApi;

/// <summary>Every test works in its own namespace, so tests share one cluster without seeing each other.</summary>
public static class TestNamespaces
{
    public static async Task<string> CreateAsync(IKubernetes client, string prefix)
    {
        var ns = await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { GenerateName = prefix + "-" } });
        return ns.Metadata.Name;
    }
}
