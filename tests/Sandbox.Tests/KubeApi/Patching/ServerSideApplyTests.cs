using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Patching;

namespace AcrOperator.Sandbox.Tests.KubeApi.Patching;

public sealed class ServerSideApplyTests
{
    private static readonly DateTimeOffset T1 = new(2025, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = T1.AddMinutes(1);

    private const string Widget = """
        {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1","namespace":"ns","labels":{"app":"a"}},
         "spec":{"replicas":1,"size":"s"}}
        """;

    [Fact]
    public void Apply_creates_and_records_the_applier_fields()
    {
        var created = ServerSideApply.Apply(null, Json.Object(Widget), "kubectl", force: false, T1);

        Json.AssertEqual("""{"name":"w1","namespace":"ns","labels":{"app":"a"}}""", WithoutManagedFields(created)["metadata"]);
        Json.AssertEqual("""
            [{"manager":"kubectl","operation":"Apply","apiVersion":"example.com/v1","time":"2025-01-02T03:04:05Z","fieldsType":"FieldsV1",
              "fieldsV1":{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:replicas":{},"f:size":{}}}}]
            """, created["metadata"]!["managedFields"]);
    }

    [Fact]
    public void Apply_by_another_manager_changing_an_owned_field_is_a_409_conflict()
    {
        var live = ServerSideApply.Apply(null, Json.Object(Widget), "kubectl", false, T1);

        var error = Assert.Throws<PatchException>(() => ServerSideApply.Apply(live, Config("""{"spec":{"replicas":3}}"""), "operator", false, T2));

        Assert.Equal(409, error.StatusCode);
        Assert.Equal("Conflict", error.Reason);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas", error.Message);
    }

    [Fact]
    public void A_conflict_with_an_Update_manager_names_its_api_version_and_several_conflicts_are_grouped()
    {
        var before = Json.Object(Widget);
        var after = Json.Object(Widget);
        after["spec"]!["replicas"] = 2;
        after["spec"]!["size"] = "m";
        ServerSideApply.TrackUpdate(before, after, "kubectl-client-side-apply", "Update", T1);
        var withStatusWriter = (JsonObject)after.DeepClone();
        withStatusWriter["status"] = Json.Parse("""{"ready":true}""");
        ServerSideApply.TrackUpdate(after, withStatusWriter, "controller", "Update", T1, "status");

        var one = Assert.Throws<PatchException>(() => ServerSideApply.Apply(after, Config("""{"spec":{"replicas":3}}"""), "kubectl", false, T2));
        var two = Assert.Throws<PatchException>(() => ServerSideApply.Apply(after, Config("""{"spec":{"replicas":3,"size":"l"}}"""), "kubectl", false, T2));
        var status = Assert.Throws<PatchException>(
            () => ServerSideApply.Apply(withStatusWriter, Config("""{"status":{"ready":false}}"""), "kubectl", false, T2, "status"));

        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using example.com/v1: .spec.replicas", one.Message);
        Assert.Equal(
            "Apply failed with 2 conflicts: conflicts with \"kubectl-client-side-apply\" using example.com/v1:\n- .spec.replicas\n- .spec.size",
            two.Message);
        Assert.Equal(
            "Apply failed with 1 conflict: conflict with \"controller\" with subresource \"status\" using example.com/v1: .status.ready",
            status.Message);
    }

    [Fact]
    public void Force_takes_the_field_and_the_previous_owner_loses_it()
    {
        var live = ServerSideApply.Apply(null, Json.Object(Widget), "kubectl", false, T1);

        var forced = ServerSideApply.Apply(live, Config("""{"spec":{"replicas":3}}"""), "operator", force: true, T2);

        Assert.Equal(3, forced["spec"]!["replicas"]!.GetValue<int>());
        Json.AssertEqual("""{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:size":{}}}""", FieldsOf(forced, "kubectl"));
        Json.AssertEqual("""{"f:spec":{"f:replicas":{}}}""", FieldsOf(forced, "operator"));
        Assert.Equal("2025-01-02T03:04:05Z", Entry(forced, "kubectl")["time"]!.GetValue<string>());
        Assert.Equal("2025-01-02T03:05:05Z", Entry(forced, "operator")["time"]!.GetValue<string>());
    }

    [Fact]
    public void The_same_value_from_two_appliers_is_shared_ownership_without_conflict()
    {
        var live = ServerSideApply.Apply(null, Json.Object(Widget), "kubectl", false, T1);

        var shared = ServerSideApply.Apply(live, Config("""{"spec":{"replicas":1}}"""), "operator", false, T2);
        var afterKubectlDrops = ServerSideApply.Apply(shared, Config("""{"metadata":{"labels":{"app":"a"}},"spec":{"size":"s"}}"""), "kubectl", false, T2);

        Json.AssertEqual("""{"f:spec":{"f:replicas":{}}}""", FieldsOf(shared, "operator"));
        Json.AssertEqual("""{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:replicas":{},"f:size":{}}}""", FieldsOf(shared, "kubectl"));
        Assert.Equal(1, afterKubectlDrops["spec"]!["replicas"]!.GetValue<int>()); // still owned by the operator, so kept
    }

    [Fact]
    public void A_field_the_applier_stops_applying_is_removed_when_nobody_else_owns_it()
    {
        var live = ServerSideApply.Apply(null, Json.Object(Widget), "kubectl", false, T1);

        var reapplied = ServerSideApply.Apply(live, Config("""{"metadata":{"labels":{"app":"a"}},"spec":{"size":"s"}}"""), "kubectl", false, T2);
        var dropAll = ServerSideApply.Apply(reapplied, Config("""{"metadata":{"labels":{"app":"a"}}}"""), "kubectl", false, T2);

        Json.AssertEqual("""{"size":"s"}""", reapplied["spec"]);
        Json.AssertEqual("""{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:size":{}}}""", FieldsOf(reapplied, "kubectl"));
        Assert.False(dropAll.ContainsKey("spec")); // spec was left empty by the removal
    }

    [Fact]
    public void Fields_set_by_an_Update_are_not_removed_by_an_applier()
    {
        var live = ServerSideApply.Apply(null, Json.Object(Widget), "kubectl", false, T1);
        var updated = (JsonObject)live.DeepClone();
        updated["spec"]!["extra"] = "x";
        ServerSideApply.TrackUpdate(live, updated, "editor", "Update", T1);

        var reapplied = ServerSideApply.Apply(updated, Config("""{"spec":{"replicas":1}}"""), "kubectl", false, T2);

        Json.AssertEqual("""{"replicas":1,"extra":"x"}""", reapplied["spec"]);
    }

    [Fact]
    public void Finalizers_are_a_set_and_owner_references_a_map_keyed_by_uid()
    {
        var config = Json.Object("""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","finalizers":["f1"],"ownerReferences":[{"uid":"u1","name":"o"}]},"data":{"k":"v"}}
            """);
        var live = ServerSideApply.Apply(null, config, "a", false, T1);

        var second = ServerSideApply.Apply(live, Json.Object("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","finalizers":["f2"]}}"""), "b", false, T2);

        Json.AssertEqual("""
            {"f:data":{"f:k":{}},"f:metadata":{"f:finalizers":{"v:\"f1\"":{}},"f:ownerReferences":{"k:{\"uid\":\"u1\"}":{".":{},"f:name":{},"f:uid":{}}}}}
            """, FieldsOf(live, "a"));
        Json.AssertEqual("""["f1","f2"]""", second["metadata"]!["finalizers"]);
    }

    [Fact]
    public void Server_owned_fields_and_status_on_the_main_resource_are_never_recorded()
    {
        var config = Json.Object("""
            {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1","namespace":"ns","uid":"u","resourceVersion":"5",
             "generation":2,"creationTimestamp":"2025-01-01T00:00:00Z","managedFields":[{"manager":"fake","operation":"Apply"}]},
             "spec":{"a":1},"status":{"ready":true}}
            """);

        var created = ServerSideApply.Apply(null, config, "kubectl", false, T1);

        Assert.False(created.ContainsKey("status"));
        Json.AssertEqual("""{"f:spec":{"f:a":{}}}""", FieldsOf(created, "kubectl"));
        Assert.Single(created["metadata"]!["managedFields"]!.AsArray());
    }

    [Fact]
    public void TrackUpdate_on_create_owns_every_field_set_with_dot_for_new_maps()
    {
        var created = Json.Object(Widget);

        ServerSideApply.TrackUpdate(null, created, "operator", "Update", T1);

        Json.AssertEqual("""
            [{"manager":"operator","operation":"Update","apiVersion":"example.com/v1","time":"2025-01-02T03:04:05Z","fieldsType":"FieldsV1",
              "fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{".":{},"f:replicas":{},"f:size":{}}}}]
            """, created["metadata"]!["managedFields"]);
    }

    [Fact]
    public void TrackUpdate_transfers_changed_fields_and_drops_emptied_entries()
    {
        var live = ServerSideApply.Apply(null, Config("""{"spec":{"replicas":1}}"""), "kubectl", false, T1);
        var after = (JsonObject)live.DeepClone();
        after["spec"]!["replicas"] = 5;
        after["spec"]!["size"] = "xl";

        ServerSideApply.TrackUpdate(live, after, "hpa", "Update", T2);

        var entries = after["metadata"]!["managedFields"]!.AsArray();
        Assert.Equal("hpa", Assert.Single(entries)!["manager"]!.GetValue<string>());
        Json.AssertEqual("""{"f:spec":{"f:replicas":{},"f:size":{}}}""", FieldsOf(after, "hpa"));
    }

    [Fact]
    public void TrackUpdate_that_changes_nothing_keeps_entries_and_times()
    {
        var live = ServerSideApply.Apply(null, Json.Object(Widget), "kubectl", false, T1);
        var after = (JsonObject)live.DeepClone();

        ServerSideApply.TrackUpdate(live, after, "other", "Update", T2);

        Json.AssertEqual(live["metadata"]!["managedFields"]!.ToJsonString(), after["metadata"]!["managedFields"]);
    }

    [Fact]
    public void TrackUpdate_removal_takes_the_field_from_its_owner()
    {
        var live = ServerSideApply.Apply(null, Json.Object(Widget), "kubectl", false, T1);
        var after = (JsonObject)live.DeepClone();
        after["metadata"]!["labels"]!.AsObject().Remove("app");

        ServerSideApply.TrackUpdate(live, after, "editor", "Update", T2);

        Json.AssertEqual("""{"f:spec":{"f:replicas":{},"f:size":{}}}""", FieldsOf(after, "kubectl"));
        Assert.Single(after["metadata"]!["managedFields"]!.AsArray());
    }

    [Fact]
    public void An_explicit_empty_managedFields_list_resets_ownership()
    {
        var live = ServerSideApply.Apply(null, Json.Object(Widget), "kubectl", false, T1);
        var after = (JsonObject)live.DeepClone();
        after["metadata"]!["managedFields"] = new JsonArray();
        after["spec"]!["replicas"] = 9;

        ServerSideApply.TrackUpdate(live, after, "editor", "Update", T2);

        Assert.False(after["metadata"]!.AsObject().ContainsKey("managedFields"));
    }

    [Fact]
    public void Status_subresource_writes_own_only_status()
    {
        var live = ServerSideApply.Apply(null, Json.Object(Widget), "kubectl", false, T1);

        var applied = ServerSideApply.Apply(live, Config("""{"spec":{"replicas":7},"status":{"ready":true}}"""), "controller", false, T2, "status");

        Assert.Equal(1, applied["spec"]!["replicas"]!.GetValue<int>());
        Json.AssertEqual("""{"ready":true}""", applied["status"]);
        Assert.Equal("status", Entry(applied, "controller")["subresource"]!.GetValue<string>());
        Json.AssertEqual("""{"f:status":{"f:ready":{}}}""", FieldsOf(applied, "controller"));
    }

    [Fact]
    public void Entries_are_sorted_Apply_before_Update()
    {
        var live = Json.Object(Widget);
        ServerSideApply.TrackUpdate(null, live, "creator", "Update", T1);

        var applied = ServerSideApply.Apply(live, Config("""{"spec":{"other":1}}"""), "kubectl", false, T2);

        var managers = applied["metadata"]!["managedFields"]!.AsArray().Select(e => e!["manager"]!.GetValue<string>());
        Assert.Equal(["kubectl", "creator"], managers);
    }

    [Fact]
    public void Inputs_are_never_mutated()
    {
        var live = ServerSideApply.Apply(null, Json.Object(Widget), "kubectl", false, T1);
        var config = Config("""{"spec":{"replicas":3},"status":{"x":1}}""");
        var liveText = live.ToJsonString();
        var configText = config.ToJsonString();

        var result = ServerSideApply.Apply(live, config, "operator", true, T2);
        Assert.Throws<PatchException>(() => ServerSideApply.Apply(live, config, "operator", false, T2));
        result["spec"]!["replicas"] = 42;

        Assert.Equal(liveText, live.ToJsonString());
        Assert.Equal(configText, config.ToJsonString());
    }

    private static JsonObject Config(string body)
    {
        var config = Json.Object("""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1","namespace":"ns"}}""");
        foreach (var (key, value) in Json.Object(body).ToList())
        {
            config[key] = key == "metadata" ? MergePatch.Apply(config["metadata"], value) : value?.DeepClone();
        }

        return config;
    }

    private static JsonObject Entry(JsonObject obj, string manager) =>
        (JsonObject)obj["metadata"]!["managedFields"]!.AsArray().Single(e => e!["manager"]!.GetValue<string>() == manager)!;

    private static JsonNode? FieldsOf(JsonObject obj, string manager) => Entry(obj, manager)["fieldsV1"];

    private static JsonObject WithoutManagedFields(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy["metadata"]!.AsObject().Remove("managedFields");
        return copy;
    }
}
