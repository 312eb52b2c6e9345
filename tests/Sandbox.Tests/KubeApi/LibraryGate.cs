using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Model;
using AcrOperator.Sandbox.KubeApi.OpenApi;
using AcrOperator.Sandbox.KubeApi.Patching;
using AcrOperator.Sandbox.KubeApi.Tables;

namespace AcrOperator.Sandbox.Tests.KubeApi;

/// <summary>
/// Whether the libraries built on the parallel branches (patching, schema/tables/OpenAPI) are present yet. Tests
/// that need one skip with a visible reason until the branches merge, and then run for real.
/// </summary>
public static class LibraryGate
{
    public static bool ManagedFieldsAvailable { get; } = Works(() => ServerSideApply.TrackUpdate(null, new JsonObject { ["metadata"] = new JsonObject() }, "probe", "Update", DateTimeOffset.UnixEpoch));

    public static bool PatchingAvailable { get; } = Works(() => MergePatch.Apply(new JsonObject(), new JsonObject()));

    public static bool TablesAvailable { get; } = Works(() => TableBuilder.Build(
        new ResourceDescriptor("", "v1", "Namespace", "namespaces", "namespace", false, [], [], [], false, false, null, []),
        [],
        "1",
        null,
        "Metadata",
        DateTimeOffset.UnixEpoch));

    public static bool OpenApiAvailable { get; } = Works(() => OpenApiDocuments.Index([]));

    public static void RequirePatching()
    {
        if (!PatchingAvailable)
        {
            Assert.Skip("needs the patching branch (MergePatch/JsonPatch/ServerSideApply are still stubs)");
        }
    }

    public static void RequireTables()
    {
        if (!TablesAvailable)
        {
            Assert.Skip("needs the schema branch (TableBuilder is still a stub)");
        }
    }

    public static void RequireOpenApi()
    {
        if (!OpenApiAvailable)
        {
            Assert.Skip("needs the schema branch (OpenApiDocuments is still a stub)");
        }
    }

    private static bool Works(Action probe)
    {
        try
        {
            probe();
            return true;
        }
        catch (NotImplementedException)
        {
            return false;
        }
    }
}
