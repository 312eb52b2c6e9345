using System.Text.Json;
using System.Text.Json.Nodes;
using static AcrOperator.Azure.ArmRegistryJson;

namespace AcrOperator.Azure;

/// <summary>
/// Hand-written mapping between ARM's task and run JSON and the operator's models. A task's <c>properties</c> stay
/// JSON (<see cref="ArmTask.Properties"/>); request bodies carry secret values and are never logged.
/// </summary>
internal static class ArmTaskJson
{
    public static ArmTask Read(BinaryData content)
    {
        var root = JsonNode.Parse(content.ToMemory().Span) as JsonObject ?? [];
        var properties = root["properties"] as JsonObject ?? [];
        root.Remove("properties");
        using var document = JsonDocument.Parse(root.ToJsonString());
        return new ArmTask
        {
            Id = Text(document.RootElement, "id") ?? "",
            Name = Text(document.RootElement, "name") ?? "",
            Location = Text(document.RootElement, "location") ?? "",
            Tags = Tags(document.RootElement),
            ProvisioningState = (string?)(properties["provisioningState"] as JsonValue),
            Enabled = !string.Equals((string?)(properties["status"] as JsonValue), "Disabled", StringComparison.OrdinalIgnoreCase),
            Properties = properties,
        };
    }

    public static BinaryData WriteCreate(ArmTaskDefinition definition)
    {
        var body = new JsonObject { ["location"] = definition.Location, ["properties"] = definition.Properties.DeepClone() };
        Set(body, "tags", Write(definition.Tags));
        return BinaryData.FromString(body.ToJsonString());
    }

    public static BinaryData WriteUpdate(ArmTaskUpdate update)
    {
        var body = new JsonObject();
        Set(body, "tags", Write(update.Tags));
        if (update.Properties.Count > 0)
        {
            body["properties"] = update.Properties.DeepClone();
        }

        return BinaryData.FromString(body.ToJsonString());
    }

    /// <summary>A TaskRunRequest: run the stored task, named by its ARM id.</summary>
    public static BinaryData WriteTaskRunRequest(ArmRegistryChildId task) =>
        BinaryData.FromString(new JsonObject { ["type"] = "TaskRunRequest", ["taskId"] = task.ResourceId }.ToJsonString());

    public static ArmTaskRun ReadRun(BinaryData content)
    {
        using var document = JsonDocument.Parse(content.ToMemory());
        return ReadRun(document.RootElement);
    }

    /// <summary>The runs of a RunListResult page (<c>value</c>).</summary>
    public static IReadOnlyList<ArmTaskRun> ReadRuns(BinaryData content)
    {
        using var document = JsonDocument.Parse(content.ToMemory());
        return [.. Array(document.RootElement, "value").Select(ReadRun)];
    }

    private static ArmTaskRun ReadRun(JsonElement run)
    {
        var properties = Object(run, "properties");
        return new ArmTaskRun
        {
            RunId = Text(properties, "runId") ?? Text(run, "name") ?? "",
            Status = Text(properties, "status") ?? "",
            CreateTime = Date(properties, "createTime"),
            StartTime = Date(properties, "startTime"),
            FinishTime = Date(properties, "finishTime"),
            OutputImages = [.. Array(properties, "outputImages").Select(Image)],
            ErrorMessage = Text(properties, "runErrorMessage"),
        };
    }

    // ImageDescriptor: registry, repository, tag, digest; shown as a reference one can pull.
    private static string Image(JsonElement image)
    {
        var name = $"{Text(image, "registry")}/{Text(image, "repository")}";
        var tag = Text(image, "tag") is { Length: > 0 } t ? ":" + t : "";
        var digest = Text(image, "digest") is { Length: > 0 } d ? "@" + d : "";
        return name + tag + digest;
    }
}
