using k8s.Models;

namespace AcrOperator.Tests.TestSupport;

public static class TestObjects
{
    public static V1ConfigMap ConfigMap(string name, string resourceVersion, string ns = "team-a", params string[] finalizers) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = ns,
            ResourceVersion = resourceVersion,
            Uid = $"uid-{name}",
            Finalizers = finalizers.Length == 0 ? null : [.. finalizers],
        },
    };
}
