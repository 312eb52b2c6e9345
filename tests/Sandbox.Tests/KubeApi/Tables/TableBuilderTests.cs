using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Model;
using AcrOperator.Sandbox.KubeApi.Tables;

namespace AcrOperator.Sandbox.Tests.KubeApi.Tables;

/// <summary>Tables for kubectl get, as the API server's CRD and default table convertors build them.</summary>
public sealed class TableBuilderTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly ResourceDescriptor Registries = RepoFixtures.Descriptor(RepoFixtures.CrdOf("Registry"));

    [Fact]
    public void Crd_columns_are_name_then_printer_columns_with_their_types_and_priorities()
    {
        var table = TableBuilder.Build(Registries, [Registry()], "42", null, "Metadata", Now);

        var columns = ((JsonArray)table["columnDefinitions"]!).Select(c => ((string)c!["name"]!, (string)c["type"]!, (string)c["format"]!, (int)c["priority"]!)).ToList();
        Assert.Equal(
            [("Name", "string", "name", 0), ("Ready", "string", "", 0), ("Reason", "string", "", 0), ("Login Server", "string", "", 0), ("SKU", "string", "", 1), ("Location", "string", "", 1), ("Age", "date", "", 0)],
            columns);
        Assert.Equal("Custom resource definition column (in JSONPath format): .status.loginServer", (string?)table["columnDefinitions"]![3]!["description"]);
        Assert.Equal(("Table", "meta.k8s.io/v1", "42"), ((string)table["kind"]!, (string)table["apiVersion"]!, (string)table["metadata"]!["resourceVersion"]!));
        Assert.Null(table["metadata"]!["continue"]);
    }

    [Fact]
    public void Cells_evaluate_the_json_paths_and_render_dates_as_human_ages()
    {
        var table = TableBuilder.Build(Registries, [Registry(), Registry(name: "bare", withStatus: false)], "42", "next", "Metadata", Now);

        Assert.Equal("""["platform-prod","True","Succeeded","contosoplatformprod.azurecr.io","Premium","westeurope","5m12s"]""", table["rows"]![0]!["cells"]!.ToJsonString());
        Assert.Equal("""["bare",null,null,null,"Premium","westeurope","5m12s"]""", table["rows"]![1]!["cells"]!.ToJsonString());
        Assert.Equal("next", (string?)table["metadata"]!["continue"]);
    }

    [Theory]
    [InlineData("Metadata", "PartialObjectMetadata")]
    [InlineData("", "PartialObjectMetadata")]
    [InlineData("Object", "Registry")]
    [InlineData("None", null)]
    public void Rows_carry_the_object_as_include_object_asks(string includeObject, string? kind)
    {
        var row = TableBuilder.Build(Registries, [Registry()], "1", null, includeObject, Now)["rows"]![0]!;

        Assert.Equal(kind, (string?)row["object"]?["kind"]);
        if (kind is not null)
        {
            Assert.Equal("platform-prod", (string?)row["object"]!["metadata"]!["name"]);
        }
    }

    [Fact]
    public void A_crd_without_printer_columns_gets_an_age_column()
    {
        var plain = Registries with { PrinterColumns = [] };

        var table = TableBuilder.Build(plain, [Registry()], "1", null, "None", Now);

        Assert.Equal(["Name", "Age"], ((JsonArray)table["columnDefinitions"]!).Select(c => (string)c!["name"]!));
        Assert.Equal("""["platform-prod","5m12s"]""", table["rows"]![0]!["cells"]!.ToJsonString());
    }

    [Fact]
    public void A_built_in_without_its_own_printer_uses_the_default_convertor()
    {
        var crds = RepoFixtures.ConfigMaps with { Group = "apiextensions.k8s.io", Kind = "CustomResourceDefinition", Plural = "customresourcedefinitions" };
        var crd = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "widgets.example.com", ["creationTimestamp"] = "2025-06-01T11:54:48Z" } };

        var table = TableBuilder.Build(crds, [crd], "7", null, "Metadata", Now);

        Assert.Equal([("Name", "name"), ("Created At", "")], ((JsonArray)table["columnDefinitions"]!).Select(c => ((string)c!["name"]!, (string)c["format"]!)));
        Assert.Equal("""["widgets.example.com","2025-06-01T11:54:48Z"]""", table["rows"]![0]!["cells"]!.ToJsonString());
    }

    [Fact]
    public void Built_in_kinds_get_the_columns_of_the_apiservers_own_printers()
    {
        var created = new JsonObject { ["name"] = "x", ["creationTimestamp"] = "2025-06-01T11:54:48Z" };
        var configMap = new JsonObject { ["metadata"] = created.DeepClone(), ["data"] = new JsonObject { ["a"] = "1", ["b"] = "2" }, ["binaryData"] = new JsonObject { ["c"] = "AA==" } };
        var secret = new JsonObject { ["metadata"] = created.DeepClone(), ["type"] = "kubernetes.io/dockerconfigjson", ["data"] = new JsonObject { [".dockerconfigjson"] = "e30=" } };
        var lease = new JsonObject { ["metadata"] = created.DeepClone(), ["spec"] = new JsonObject { ["holderIdentity"] = "pod-1" } };
        var secrets = RepoFixtures.ConfigMaps with { Kind = "Secret", Plural = "secrets" };
        var leases = RepoFixtures.ConfigMaps with { Group = "coordination.k8s.io", Kind = "Lease", Plural = "leases" };

        Assert.Equal("""["x",3,"5m12s"]""", Cells(TableBuilder.Build(RepoFixtures.ConfigMaps, [configMap], "7", null, "Metadata", Now)));
        Assert.Equal("""["x","kubernetes.io/dockerconfigjson",1,"5m12s"]""", Cells(TableBuilder.Build(secrets, [secret], "7", null, "Metadata", Now)));
        Assert.Equal("""["x","pod-1","5m12s"]""", Cells(TableBuilder.Build(leases, [lease], "7", null, "Metadata", Now)));
        Assert.Equal(["Name", "Type", "Data", "Age"], Names(TableBuilder.Build(secrets, [secret], "7", null, "Metadata", Now)));
    }

    [Fact]
    public void Events_lead_with_last_seen_and_name_the_object_they_are_about()
    {
        var events = RepoFixtures.ConfigMaps with { Kind = "Event", Plural = "events" };
        var ev = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "platform-prod.1", ["creationTimestamp"] = "2025-06-01T11:50:00Z" },
            ["involvedObject"] = new JsonObject { ["kind"] = "Registry", ["name"] = "platform-prod" },
            ["type"] = "Warning",
            ["reason"] = "Throttled",
            ["message"] = "ARM throttled the request",
            ["lastTimestamp"] = "2025-06-01T11:59:00Z",
            ["count"] = 3,
        };

        var table = TableBuilder.Build(events, [ev], "7", null, "Metadata", Now);

        var visible = ((JsonArray)table["columnDefinitions"]!).Where(c => (int)c!["priority"]! == 0).Select(c => (string)c!["name"]!);
        Assert.Equal(["Last Seen", "Type", "Reason", "Object", "Message"], visible);
        var cells = (JsonArray)table["rows"]![0]!["cells"]!;
        Assert.Equal("60s", (string?)cells[0]);
        Assert.Equal("registry/platform-prod", (string?)cells[3]);
    }

    private static string Cells(JsonObject table) => table["rows"]![0]!["cells"]!.ToJsonString();

    private static IEnumerable<string> Names(JsonObject table) => ((JsonArray)table["columnDefinitions"]!).Select(c => (string)c!["name"]!);

    [Fact]
    public void Built_in_printer_columns_are_used_when_given()
    {
        var namespaces = RepoFixtures.Namespaces with { PrinterColumns = [new PrinterColumn("Status", "string", ".status.phase"), new PrinterColumn("Age", "date", ".metadata.creationTimestamp")] };
        var ns = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "default", ["creationTimestamp"] = "2025-05-29T12:00:00Z" }, ["status"] = new JsonObject { ["phase"] = "Active" } };

        var table = TableBuilder.Build(namespaces, [ns], "7", null, "Metadata", Now);

        Assert.Equal("""["default","Active","3d"]""", table["rows"]![0]!["cells"]!.ToJsonString());
    }

    [Theory]
    [InlineData("integer", ".spec.n", "{\"n\":3}", "3")]
    [InlineData("integer", ".spec.n", "{\"n\":3.7}", "3")]
    [InlineData("number", ".spec.n", "{\"n\":3}", "3")]
    [InlineData("boolean", ".spec.b", "{\"b\":true}", "true")]
    [InlineData("boolean", ".spec.b", "{\"b\":\"yes\"}", "null")]
    [InlineData("string", ".spec.n", "{\"n\":3}", "\"3\"")]
    [InlineData("string", ".spec.list", "{\"list\":[\"a\",\"b\"]}", "\"[a b]\"")]
    [InlineData("date", ".spec.when", "{\"when\":\"not a date\"}", "\"<invalid>\"")]
    public void Cells_take_the_column_type(string type, string path, string spec, string expected)
    {
        var resource = Registries with { PrinterColumns = [new PrinterColumn("C", type, path)] };
        var obj = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "x" }, ["spec"] = JsonNode.Parse(spec) };

        var cells = TableBuilder.Build(resource, [obj], "1", null, "None", Now)["rows"]![0]!["cells"]!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), cells[1]), $"{expected} != {cells[1]?.ToJsonString()}");
    }

    private static JsonObject Registry(string name = "platform-prod", bool withStatus = true)
    {
        var registry = RepoFixtures.Sample("acr_v1alpha1_registry.yaml");
        registry["metadata"]!["name"] = name;
        registry["metadata"]!["namespace"] = "platform";
        registry["metadata"]!["creationTimestamp"] = "2025-06-01T11:54:48Z";
        if (withStatus)
        {
            registry["status"] = JsonNode.Parse("""
                {"loginServer":"contosoplatformprod.azurecr.io","conditions":[
                  {"type":"Synced","status":"False","reason":"Pending"},
                  {"type":"Ready","status":"True","reason":"Succeeded"}]}
                """);
        }

        return registry;
    }
}
