using AcrOperator.Sandbox.KubeApi.Patching;

namespace AcrOperator.Sandbox.Tests.KubeApi.Patching;

public sealed class MergePatchTests
{
    /// <summary>RFC 7386 appendix A, every row: original, patch, result.</summary>
    public static TheoryData<string, string, string> Rfc7386Examples => new()
    {
        { """{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""" },
        { """{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""" },
        { """{"a":"b"}""", """{"a":null}""", """{}""" },
        { """{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""" },
        { """{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""" },
        { """{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""" },
        { """{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""" },
        { """{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""" },
        { """["a","b"]""", """["c","d"]""", """["c","d"]""" },
        { """{"a":"b"}""", """["c"]""", """["c"]""" },
        { """{"a":"foo"}""", "null", "null" },
        { """{"a":"foo"}""", "\"bar\"", "\"bar\"" },
        { """{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""" },
        { """[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}""" },
        { """{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""" },
    };

    [Theory]
    [MemberData(nameof(Rfc7386Examples))]
    public void Rfc7386_examples_apply(string original, string patch, string expected)
    {
        var result = MergePatch.Apply(Json.Parse(original), System.Text.Json.Nodes.JsonNode.Parse(patch));

        Json.AssertEqual(expected, result);
    }

    [Fact]
    public void Neither_input_is_mutated_and_the_result_shares_nothing_with_them()
    {
        var target = Json.Object("""{"metadata":{"labels":{"a":"1","b":"2"}},"data":{"k":"v"}}""");
        var patch = Json.Object("""{"metadata":{"labels":{"a":null,"c":"3"}},"data":{"n":{"x":1}}}""");

        var result = MergePatch.Apply(target, patch)!;
        result["data"]!["n"]!["x"] = 2;

        Json.AssertEqual("""{"metadata":{"labels":{"a":"1","b":"2"}},"data":{"k":"v"}}""", target);
        Json.AssertEqual("""{"metadata":{"labels":{"a":null,"c":"3"}},"data":{"n":{"x":1}}}""", patch);
        Json.AssertEqual("""{"metadata":{"labels":{"b":"2","c":"3"}},"data":{"k":"v","n":{"x":2}}}""", result);
    }
}
