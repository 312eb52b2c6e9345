using k8s;

namespace AcrOperator.Runtime;

public static class KubeObjects
{
    /// <summary>A deep copy through the Kubernetes JSON serializer, so every field the API knows is kept.</summary>
    public static T DeepCopy<T>(T obj) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj));
}
