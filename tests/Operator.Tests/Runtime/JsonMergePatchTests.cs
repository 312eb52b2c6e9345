using System.Text.Json.Nodes;
using AcrOperator.Runtime.Status;

namespace AcrOperator.Tests.Runtime;

public sealed class JsonMergePatchTests
{
    [Fact]
    public void Equal_documents_need_no_patch()
        => Assert.False(JsonMergePatch.TryCreate(JsonNode.Parse("""{"a":1,"b":{"c":[1,2]}}"""), JsonNode.Parse("""{"b":{"c":[1,2]},"a":1}"""), out _));

    [Fact]
    public void The_patch_holds_only_changed_fields_and_nulls_for_removed_ones()
    {
        var from = JsonNode.Parse("""{"loginServer":"a.azurecr.io","state":"Creating","op":{"id":"x"},"keep":{"n":1}}""");
        var to = JsonNode.Parse("""{"loginServer":"a.azurecr.io","state":"Succeeded","keep":{"n":1},"new":true}""");

        Assert.True(JsonMergePatch.TryCreate(from, to, out var patch));
        Assert.Equal("""{"op":null,"state":"Succeeded","new":true}""", patch!.ToJsonString());
    }

    [Fact]
    public void Arrays_are_replaced_whole()
    {
        Assert.True(JsonMergePatch.TryCreate(JsonNode.Parse("""{"l":[1,2]}"""), JsonNode.Parse("""{"l":[1,3]}"""), out var patch));
        Assert.Equal("""{"l":[1,3]}""", patch!.ToJsonString());
    }
}
