using System.Text.Json;
using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.Tests.Arm;

/// <summary>
/// "Same shape" for example replay: every property the example shows is present with the same JSON type,
/// recursively; arrays compare each element with the example's first. Extra properties are allowed because the
/// examples of one model disagree (scheduleRun shows four run properties, Runs_Get fifteen). An example null
/// matches any value (ACR writes null where a value is masked or unset), and objects keyed by host names
/// (credentials.customRegistries) are maps: their keys are data, only their values' shapes count.
/// </summary>
internal static class JsonShape
{
    public static void AssertContains(JsonNode expected, JsonNode? actual, string path)
    {
        Assert.True(actual is not null, $"{path} is missing or null");
        Assert.True(Kind(expected) == Kind(actual), $"{path}: expected {Kind(expected)}, got {Kind(actual)}");
        switch (expected)
        {
            case JsonObject map when map.Count > 0 && map.All(p => p.Key.Contains('.', StringComparison.Ordinal)):
                foreach (var (key, value) in actual.AsObject().Where(p => p.Value is not null))
                {
                    if (map.Select(p => p.Value).FirstOrDefault(v => v is not null) is { } sample)
                    {
                        AssertContains(sample, value, $"{path}[{key}]");
                    }
                }

                break;
            case JsonObject obj:
                var actualObject = actual.AsObject();
                foreach (var (name, value) in obj)
                {
                    Assert.True(actualObject.ContainsKey(name), $"{path}.{name} is missing");
                    if (value is not null && value.GetValueKind() != JsonValueKind.Null)
                    {
                        AssertContains(value, actualObject[name], $"{path}.{name}");
                    }
                }

                break;
            case JsonArray array when array.Count > 0:
                var items = actual.AsArray();
                Assert.True(items.Count > 0, $"{path}: expected elements like the example's, got none");
                for (var i = 0; i < items.Count; i++)
                {
                    if (array[0] is { } sample)
                    {
                        AssertContains(sample, items[i], $"{path}[{i}]");
                    }
                }

                break;
        }
    }

    private static string Kind(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.True or JsonValueKind.False => "Boolean",
        var kind => kind.ToString(),
    };
}
