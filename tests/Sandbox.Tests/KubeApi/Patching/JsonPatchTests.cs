using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Patching;

namespace AcrOperator.Sandbox.Tests.KubeApi.Patching;

public sealed class JsonPatchTests
{
    /// <summary>RFC 6902 appendix A examples that succeed: target, patch, result.</summary>
    public static TheoryData<string, string, string, string> Rfc6902Successes => new()
    {
        { "A.1 add an object member", """{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]""", """{"baz":"qux","foo":"bar"}""" },
        { "A.2 add an array element", """{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]""", """{"foo":["bar","qux","baz"]}""" },
        { "A.3 remove an object member", """{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", """{"foo":"bar"}""" },
        { "A.4 remove an array element", """{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]""", """{"foo":["bar","baz"]}""" },
        { "A.5 replace a value", """{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]""", """{"baz":"boo","foo":"bar"}""" },
        {
            "A.6 move a value",
            """{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""",
            """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]""",
            """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}"""
        },
        { "A.7 move an array element", """{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]""", """{"foo":["all","cows","eat","grass"]}""" },
        {
            "A.8 test a value: success",
            """{"baz":"qux","foo":["a",2,"c"]}""",
            """[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]""",
            """{"baz":"qux","foo":["a",2,"c"]}"""
        },
        { "A.10 add a nested member object", """{"foo":"bar"}""", """[{"op":"add","path":"/child","value":{"grandchild":{}}}]""", """{"foo":"bar","child":{"grandchild":{}}}""" },
        { "A.11 ignore unrecognized elements", """{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux","xyz":123}]""", """{"foo":"bar","baz":"qux"}""" },
        {
            "A.14 ~ escape ordering",
            """{"/":9,"~1":10}""",
            """[{"op":"test","path":"/~01","value":10},{"op":"test","path":"/~1","value":9}]""",
            """{"/":9,"~1":10}"""
        },
        { "A.16 add an array value", """{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":["abc","def"]}]""", """{"foo":["bar",["abc","def"]]}""" },
        { "copy", """{"a":{"b":1}}""", """[{"op":"copy","from":"/a","path":"/c"}]""", """{"a":{"b":1},"c":{"b":1}}""" },
        { "add null is a value", """{"a":1}""", """[{"op":"add","path":"/b","value":null}]""", """{"a":1,"b":null}""" },
        { "test numbers by value", """{"a":1}""", """[{"op":"test","path":"/a","value":1.0}]""", """{"a":1}""" },
        { "replace the root", """{"a":1}""", """[{"op":"replace","path":"","value":{"b":2}}]""", """{"b":2}""" },
        { "append to finalizers", """{"metadata":{"finalizers":["a"]}}""", """[{"op":"add","path":"/metadata/finalizers/-","value":"b"}]""", """{"metadata":{"finalizers":["a","b"]}}""" },
    };

    /// <summary>Operations that decode but do not apply: the apiserver answers 422 Invalid with a generic message.</summary>
    public static TheoryData<string, string, string> Rejected => new()
    {
        { "A.9 failed test", """{"baz":"qux","foo":["a",2,"c"]}""", """[{"op":"test","path":"/baz","value":"bar"}]""" },
        { "A.12 add to a nonexistent target", """{"foo":"bar"}""", """[{"op":"add","path":"/baz/bat","value":"qux"}]""" },
        { "A.15 string is not a number", """{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":"10"}]""" },
        { "remove a missing member", """{"a":1}""", """[{"op":"remove","path":"/b"}]""" },
        { "replace a missing member", """{"a":1}""", """[{"op":"replace","path":"/b","value":2}]""" },
        { "array index past the end", """{"a":[1]}""", """[{"op":"add","path":"/a/2","value":2}]""" },
        { "array index with a leading zero", """{"a":[1,2]}""", """[{"op":"remove","path":"/a/01"}]""" },
        { "dash outside add", """{"a":[1]}""", """[{"op":"remove","path":"/a/-"}]""" },
        { "unknown op", """{"a":1}""", """[{"op":"frobnicate","path":"/a"}]""" },
        { "missing value", """{"a":1}""", """[{"op":"add","path":"/b"}]""" },
        { "missing path", """{"a":1}""", """[{"op":"add","value":1}]""" },
        { "pointer without a leading slash", """{"a":1}""", """[{"op":"add","path":"a","value":1}]""" },
        { "invalid escape", """{"a":1}""", """[{"op":"add","path":"/~2","value":1}]""" },
        { "move into own child", """{"a":{"b":1}}""", """[{"op":"move","from":"/a","path":"/a/b/c"}]""" },
        { "move from a missing member", """{"a":1}""", """[{"op":"move","from":"/x","path":"/y"}]""" },
        { "test a missing member", """{"a":1}""", """[{"op":"test","path":"/b","value":1}]""" },
    };

    [Theory]
    [MemberData(nameof(Rfc6902Successes))]
    public void Rfc6902_examples_apply(string name, string target, string patch, string expected)
    {
        var result = JsonPatch.Apply(Json.Parse(target), (JsonArray)Json.Parse(patch));

        Assert.False(string.IsNullOrEmpty(name));
        Json.AssertEqual(expected, result);
    }

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Operations_that_do_not_apply_are_422_Invalid(string name, string target, string patch)
    {
        var error = Assert.Throws<PatchException>(() => JsonPatch.Apply(Json.Parse(target), (JsonArray)Json.Parse(patch)));

        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(422, error.StatusCode);
        Assert.Equal("Invalid", error.Reason);
        Assert.Equal("the server rejected our request due to an error in our request", error.Message);
    }

    [Theory]
    [InlineData("""["add"]""")]
    [InlineData("""[null]""")]
    [InlineData("""[{"op":"add","path":"/a","value":1},7]""")]
    public void Operations_that_are_not_objects_are_400_BadRequest(string patch)
    {
        var target = Json.Object("""{"a":1}""");

        var error = Assert.Throws<PatchException>(() => JsonPatch.Apply(target, (JsonArray)Json.Parse(patch)));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("BadRequest", error.Reason);
        Json.AssertEqual("""{"a":1}""", target);
    }

    [Fact]
    public void More_than_10000_operations_is_413()
    {
        var operations = new JsonArray([.. Enumerable.Range(0, 10001).Select(_ => (JsonNode)Json.Object("""{"op":"test","path":"","value":{}}"""))]);

        var error = Assert.Throws<PatchException>(() => JsonPatch.Apply(new JsonObject(), operations));

        Assert.Equal(413, error.StatusCode);
        Assert.Equal("Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001", error.Message);
    }

    [Fact]
    public void The_input_is_never_mutated_even_when_a_later_operation_fails()
    {
        var target = Json.Object("""{"metadata":{"labels":{"a":"1"}},"spec":{"items":[1,2]}}""");
        var patch = (JsonArray)Json.Parse("""
            [{"op":"remove","path":"/metadata/labels/a"},{"op":"add","path":"/spec/items/0","value":0},{"op":"test","path":"/spec/x","value":1}]
            """);

        Assert.Throws<PatchException>(() => JsonPatch.Apply(target, patch));
        var applied = JsonPatch.Apply(target, (JsonArray)Json.Parse("""[{"op":"remove","path":"/metadata/labels/a"}]"""));

        Json.AssertEqual("""{"metadata":{"labels":{"a":"1"}},"spec":{"items":[1,2]}}""", target);
        Json.AssertEqual("""{"metadata":{"labels":{}},"spec":{"items":[1,2]}}""", applied);
        Assert.Equal(3, patch.Count);
    }

    [Fact]
    public void Added_values_are_copies_of_the_patch()
    {
        var patch = (JsonArray)Json.Parse("""[{"op":"add","path":"/a","value":{"b":1}}]""");

        var result = JsonPatch.Apply(new JsonObject(), patch);
        result["a"]!["b"] = 2;

        Json.AssertEqual("""[{"op":"add","path":"/a","value":{"b":1}}]""", patch);
    }
}
