using k8s.KubeConfigModels;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace AcrOperator.Runtime.Kube;

/// <summary>
/// Reads a kubeconfig file into KubernetesClient's <see cref="K8SConfiguration"/>. KubernetesClient's own reader
/// (<c>KubernetesYaml</c>) first loads every model type of the client and reflects over all their properties,
/// three times, to map JSON names to YAML for any model; that costs several MiB for the life of the process
/// (issue 5), while the kubeconfig types carry their YAML names themselves.
/// </summary>
public static class KubeconfigFile
{
    // As KubernetesYaml reads a kubeconfig: camelCase by default, the kubeconfig models' YamlMember aliases, unknown keys ignored.
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    /// <summary>Reads the file; relative certificate and key paths in it are taken from its directory, as kubectl does.</summary>
    public static K8SConfiguration Load(string path)
    {
        var fullPath = Path.GetFullPath(path);
        using var reader = File.OpenText(fullPath);
        var configuration = Deserializer.Deserialize<K8SConfiguration>(new MergingParser(new Parser(reader)))
            ?? throw new YamlException($"{path} is empty");
        configuration.FileName = fullPath;
        return configuration;
    }
}
