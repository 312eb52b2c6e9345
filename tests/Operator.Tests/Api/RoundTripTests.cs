using AcrOperator.Api.V1Alpha1;
using k8s;

namespace AcrOperator.Tests.Api;

/// <summary>
/// Every sample field maps to a C# property: a sample read into its C# type (strictly, so an unknown field
/// throws) and written back, as JSON on the wire and as YAML, is the same document.
/// </summary>
public sealed class RoundTripTests
{
    public static TheoryData<string, Type> Samples => new()
    {
        { "acr_v1alpha1_registry.yaml", typeof(Registry) },
        { "acr_v1alpha1_replication.yaml", typeof(Replication) },
        { "acr_v1alpha1_webhook.yaml", typeof(Webhook) },
        { "acr_v1alpha1_buildtask.yaml", typeof(BuildTask) },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_survives_a_round_trip_through_its_type_as_json(string fileName, Type kind)
    {
        var typed = Deserialize(fileName, kind);

        var differences = PlainTree.Differences(ApiFixtures.Sample(fileName), WithoutEmptyStatus(PlainTree.FromJson(KubernetesJson.Serialize(typed))));

        Assert.Empty(differences);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_survives_a_round_trip_through_its_type_as_yaml(string fileName, Type kind)
    {
        var typed = Deserialize(fileName, kind);

        var differences = PlainTree.Differences(ApiFixtures.Sample(fileName), WithoutEmptyStatus(PlainTree.FromYaml(KubernetesYaml.Serialize(typed))));

        Assert.Empty(differences);
    }

    private static object Deserialize(string fileName, Type kind)
    {
        var deserialize = typeof(KubernetesYaml).GetMethod(nameof(KubernetesYaml.Deserialize), [typeof(string), typeof(bool)])!.MakeGenericMethod(kind);
        return deserialize.Invoke(null, [ApiFixtures.SampleYaml(fileName), true])!;
    }

    // A kind's Status is never null (its runtime contract), so a resource without status writes an empty
    // one; that is the same document to the API server, which ignores status outside the subresource.
    private static Dictionary<string, object?> WithoutEmptyStatus(object? tree)
    {
        var resource = (Dictionary<string, object?>)tree!;
        if (resource.GetValueOrDefault("status") is Dictionary<string, object?> status
            && status.All(p => p.Key == "conditions" && p.Value is List<object?> { Count: 0 }))
        {
            resource.Remove("status");
        }

        return resource;
    }
}
