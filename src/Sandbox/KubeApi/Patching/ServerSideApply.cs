using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi.Patching;

/// <summary>Server-side apply and managedFields bookkeeping. (Contract; implemented on the patching branch.)</summary>
public static class ServerSideApply
{
    /// <summary>
    /// Applies the configuration <paramref name="applied"/> of <paramref name="fieldManager"/> to <paramref name="live"/>
    /// (null when creating). Returns the merged object with metadata.managedFields updated. Throws
    /// <see cref="PatchException"/> with status 409, reason Conflict, when another manager owns a field being changed
    /// and <paramref name="force"/> is false; the message lists the conflicts as the API server does.
    /// </summary>
    public static JsonObject Apply(JsonObject? live, JsonObject applied, string fieldManager, bool force, DateTimeOffset now, string? subresource = null)
        => throw new NotImplementedException();

    /// <summary>Records a non-apply write (create, update, patch) in managedFields: the manager now owns the fields it changed.</summary>
    public static void TrackUpdate(JsonObject? before, JsonObject after, string fieldManager, string operation, DateTimeOffset now, string? subresource = null)
        => throw new NotImplementedException();
}
