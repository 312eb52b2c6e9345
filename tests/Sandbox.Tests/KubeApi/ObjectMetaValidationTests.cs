using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi;
using AcrOperator.Sandbox.KubeApi.Controllers;
using AcrOperator.Sandbox.KubeApi.Registry;
using AcrOperator.Sandbox.KubeApi.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace AcrOperator.Sandbox.Tests.KubeApi;

public sealed class ObjectMetaValidationTests(EmulatorCluster cluster)
{
    private readonly IClusterUnderTest cluster = cluster;

    [Fact]
    public async Task Metadata_of_the_wrong_JSON_type_is_BadRequest_and_not_stored()
    {
        using var http = cluster.CreateHttpClient();
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "meta");
        var path = $"/api/v1/namespaces/{ns}/configmaps";
        var cases = new (string Metadata, string Message)[]
        {
            ("""{"name":"p","labels":{"app":1}}""", "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string"),
            ("""{"name":"p","labels":"app"}""", "json: cannot unmarshal string into Go struct field ObjectMeta.metadata.labels of type map[string]string"),
            ("""{"name":"p","annotations":{"a":true}}""", "json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.annotations of type string"),
            ("""{"name":"p","finalizers":[1]}""", "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.finalizers of type string"),
            ("""{"name":"p","ownerReferences":[{"uid":1}]}""", "json: cannot unmarshal number into Go struct field OwnerReference.metadata.ownerReferences.uid of type types.UID"),
            ("""{"name":"p","ownerReferences":[{"controller":"yes"}]}""", "json: cannot unmarshal string into Go struct field OwnerReference.metadata.ownerReferences.controller of type bool"),
        };
        foreach (var (metadata, message) in cases)
        {
            var (code, body) = await Widgets.SendAsync(http, HttpMethod.Post, path, JsonNode.Parse($$"""{"metadata":{{metadata}}}"""));
            Assert.Equal(400, code);
            Assert.Equal("BadRequest", (string?)body["reason"]);
            Assert.Equal("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: " + message, (string?)body["message"]);
        }

        var (getCode, _) = await Widgets.SendAsync(http, HttpMethod.Get, path + "/p");
        Assert.Equal(404, getCode);
        var (listCode, _) = await Widgets.SendAsync(http, HttpMethod.Get, path + "?labelSelector=app%3D1");
        Assert.Equal(200, listCode);

        // An update is checked the same way.
        var (created, _) = await Widgets.SendAsync(http, HttpMethod.Post, path, JsonNode.Parse("""{"metadata":{"name":"q"}}"""));
        Assert.Equal(201, created);
        var (patched, patchBody) = await Widgets.SendAsync(http, HttpMethod.Patch, path + "/q", JsonNode.Parse("""{"metadata":{"labels":{"app":1}}}"""), "application/merge-patch+json");
        Assert.Equal(400, patched);
        Assert.EndsWith("ObjectMeta.metadata.labels of type string", (string?)patchBody["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Label_annotation_finalizer_and_ownerReference_rules_are_Invalid()
    {
        using var http = cluster.CreateHttpClient();
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "meta");
        var path = $"/api/v1/namespaces/{ns}/configmaps";
        const string NamePart = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
        var longValue = new string('v', 64);
        var cases = new (string Metadata, string[] Causes)[]
        {
            ("""{"name":"p","labels":{"a b":"x"}}""", [$"metadata.labels: Invalid value: \"a b\": {NamePart}"]),
            ("{\"name\":\"p\",\"labels\":{\"app\":\"" + longValue + "\"}}", [$"metadata.labels: Invalid value: \"{longValue}\": must be no more than 63 characters"]),
            ("""{"name":"p","labels":{"app":"-x"}}""", ["metadata.labels: Invalid value: \"-x\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"]),
            ("""{"name":"p","annotations":{"/x":"y"}}""", ["metadata.annotations: Invalid value: \"/x\": prefix part must be non-empty"]),
            ("""{"name":"p","finalizers":["a/b/c"]}""", ["metadata.finalizers: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]),
            ("""{"name":"p","ownerReferences":[{"uid":"u"}]}""", ["metadata.ownerReferences.apiVersion: Invalid value: \"\": version must not be empty", "metadata.ownerReferences.kind: Invalid value: \"\": must not be empty", "metadata.ownerReferences.name: Invalid value: \"\": must not be empty"]),
        };
        foreach (var (metadata, causes) in cases)
        {
            var (code, body) = await Widgets.SendAsync(http, HttpMethod.Post, path, JsonNode.Parse($$"""{"metadata":{{metadata}}}"""));
            Assert.Equal(422, code);
            Assert.Equal("Invalid", (string?)body["reason"]);
            Assert.Equal(causes, body["details"]!["causes"]!.AsArray().Select(c => $"{c!["field"]}: {c["message"]}"));
        }

        var big = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "p", ["annotations"] = new JsonObject { ["a"] = new string('x', 256 * 1024) } } };
        var (bigCode, bigBody) = await Widgets.SendAsync(http, HttpMethod.Post, path, big);
        Assert.Equal(422, bigCode);
        Assert.Equal("ConfigMap \"p\" is invalid: metadata.annotations: Too long: may not be more than 262144 bytes", (string?)bigBody["message"]);

        var twoControllers = JsonNode.Parse("""
            {"metadata":{"name":"p","ownerReferences":[
              {"apiVersion":"v1","kind":"ConfigMap","name":"a","uid":"1","controller":true},
              {"apiVersion":"v1","kind":"ConfigMap","name":"b","uid":"2","controller":true}]}}
            """);
        var (twoCode, twoBody) = await Widgets.SendAsync(http, HttpMethod.Post, path, twoControllers);
        Assert.Equal(422, twoCode);
        Assert.Contains("Only one reference can have Controller set to true. Found \"true\" in references for ConfigMap/a and ConfigMap/b", (string?)twoBody["message"], StringComparison.Ordinal);

        var (okCode, _) = await Widgets.SendAsync(http, HttpMethod.Post, path, JsonNode.Parse("""{"metadata":{"name":"ok","labels":{"example.com/app":"My_value-1","e":""},"finalizers":["example.com/keep"]}}"""));
        Assert.Equal(201, okCode);
    }

    [Fact]
    public async Task A_controller_failing_on_one_object_keeps_the_loop_running()
    {
        var registry = new ResourceRegistry();
        var store = new ObjectStore(TimeProvider.System, 1000, null);
        var operations = new ResourceOperations(store, registry, new KubeApiServerOptions());
        await using var controllers = new ClusterControllers(operations, NullLogger.Instance);
        var configMaps = registry.All.First(r => r.Descriptor.Plural == "configmaps");
        operations.Create(BuiltinResources.Namespaces, string.Empty, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "bad" } }, WriteOptions.Controller);
        operations.Create(BuiltinResources.Namespaces, string.Empty, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "later" } }, WriteOptions.Controller);
        lock (store.Gate)
        {
            // Stored behind validation's back, as data from before it existed would be: the garbage collector cannot read it.
            store.Put(configMaps.StorageKey, ObjectStore.KeyOf("bad", "cm"), JsonNode.Parse("""{"metadata":{"name":"cm","namespace":"bad","uid":"x","ownerReferences":[{"uid":1}]}}""")!.AsObject());
        }

        operations.Delete(BuiltinResources.Namespaces, string.Empty, "bad", DeleteRequest.Background);
        await Eventually.TrueAsync(() => Task.FromResult(Gone("bad")));
        operations.Delete(BuiltinResources.Namespaces, string.Empty, "later", DeleteRequest.Background);
        await Eventually.TrueAsync(() => Task.FromResult(Gone("later")));

        bool Gone(string name)
        {
            lock (store.Gate)
            {
                return store.Get(BuiltinResources.Namespaces.StorageKey, ObjectStore.KeyOf(string.Empty, name)) is null;
            }
        }
    }
}
