using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.Arm.Http;
using AcrOperator.Sandbox.Arm.Resources;

namespace AcrOperator.Sandbox.Arm.Providers.ContainerRegistry;

/// <summary>
/// <c>Microsoft.ContainerRegistry/registries/tasks</c> at 2025-03-01-preview: synchronous CRUD (the spec marks no
/// long-running operation). The body is stored whole, secrets included, because PATCH merges triggers by name
/// against the full definition; <see cref="Present"/> masks what ACR never echoes (secret arguments and values,
/// the step's context token, source-control tokens, the base-image webhook endpoint, custom registry credentials) and only
/// <c>listDetails</c> returns them.
/// </summary>
internal sealed class TaskType : ArmResourceType
{
    private static readonly string[] TriggerArrays = ["sourceTriggers", "timerTriggers"];

    [SetsRequiredMembers]
    public TaskType(RegistryType registries)
    {
        Namespace = "Microsoft.ContainerRegistry";
        Segments = ["registries", "tasks"];
        Parent = registries;
        ApiVersions = ContainerRegistryApiVersions.Tasks;
        NameRule = new ArmNameRule(5, 50, "^[a-zA-Z0-9-_]*$");
        IsTracked = true;
        IsLongRunning = false;
        OperationPrefix = "tasks";
        ReadOnlyPaths = ["properties.provisioningState", "properties.creationDate", "properties.step.baseImageDependencies", "identity.principalId", "identity.tenantId"];
        Properties =
        [
            new("tags", ArmPropertyKind.Object),
            new("properties", ArmPropertyKind.Object, Required: true),
            ArmPropertyRule.Enum("properties.status", false, TaskRules.EnabledDisabled),
            new("properties.platform", ArmPropertyKind.Object, Required: true),
            new("properties.agentConfiguration", ArmPropertyKind.Object),
            new("properties.agentPoolName", ArmPropertyKind.String),
            new("properties.step", ArmPropertyKind.Object),
            new("properties.trigger", ArmPropertyKind.Object),
            new("properties.trigger.sourceTriggers", ArmPropertyKind.Array),
            new("properties.trigger.timerTriggers", ArmPropertyKind.Array),
            new("properties.trigger.baseImageTrigger", ArmPropertyKind.Object),
            new("properties.trigger.baseImageTrigger.name", ArmPropertyKind.String, Required: true),
            ArmPropertyRule.Enum("properties.trigger.baseImageTrigger.baseImageTriggerType", true, "All", "Runtime"),
            ArmPropertyRule.Enum("properties.trigger.baseImageTrigger.updateTriggerPayloadType", false, "Default", "Token"),
            ArmPropertyRule.Enum("properties.trigger.baseImageTrigger.status", false, TaskRules.EnabledDisabled),
            new("properties.trigger.baseImageTrigger.updateTriggerEndpoint", ArmPropertyKind.String),
            new("properties.credentials", ArmPropertyKind.Object),
            new("properties.credentials.customRegistries", ArmPropertyKind.Object),
            ArmPropertyRule.Enum("properties.credentials.sourceRegistry.loginMode", false, "None", "Default"),
            new("properties.logTemplate", ArmPropertyKind.String),
            new("properties.isSystemTask", ArmPropertyKind.Boolean),
            new("identity", ArmPropertyKind.Object),
            ArmPropertyRule.Enum("identity.type", true, "SystemAssigned", "UserAssigned", "SystemAssigned, UserAssigned", "None"),
        ];
        Defaults = JsonNode.Parse("""
            { "properties": { "provisioningState": "", "creationDate": "", "status": "Enabled", "timeout": 3600, "isSystemTask": false, "logTemplate": null } }
            """)!.AsObject();
        Actions = new Dictionary<string, ArmAction>(StringComparer.OrdinalIgnoreCase)
        {
            ["listDetails"] = new("listDetails", "POST", (_, task) => ArmResult.Ok(task.Body.DeepClone())),
        };
    }

    public static bool IsEnabled(StoredResource task) => (string?)task.Body["properties"]?["status"] == "Enabled";

    public override void ValidateWrite(ArmWriteContext write)
    {
        var properties = write.Resource["properties"]!.AsObject();
        // Only a PATCH (TaskUpdateParameters) merges triggers by name; a PUT replaces the task, as every ARM PUT does.
        if (write.Existing is { } existing && write.Request.Method == "PATCH")
        {
            MergeUpdate(existing.Body["properties"]!.AsObject(), write.Body["properties"] as JsonObject, properties);
        }

        TaskRules.Platform(properties, "properties", required: true);
        TaskRules.Common(properties, "properties");
        if (properties["step"] is JsonObject step)
        {
            TaskRules.Step(step, "properties.step", requireFields: true);
        }
        else if (properties["isSystemTask"]?.GetValue<bool>() != true)
        {
            throw ArmErrors.InvalidContent("Required property 'step' not found in JSON. Path 'properties'", "properties.step");
        }

        if (properties["trigger"] is JsonObject trigger)
        {
            SourceTriggers(trigger);
            TimerTriggers(trigger);
        }

        if (properties["credentials"]?["customRegistries"] is JsonObject registries)
        {
            foreach (var (server, value) in registries)
            {
                var path = $"properties.credentials.customRegistries.{server}";
                var credential = value as JsonObject ?? throw ArmErrors.InvalidContent($"Custom registry '{server}' needs credentials. Path '{path}'", path);
                foreach (var part in new[] { "userName", "password" })
                {
                    if (TaskRules.Object(credential, part, path, false) is { } secret)
                    {
                        TaskRules.Enum(secret, "type", $"{path}.{part}", false, ["Opaque", "Vaultsecret"]);
                        TaskRules.String(secret, "value", $"{path}.{part}", false);
                    }
                }
            }
        }
    }

    public override void CompleteBody(ArmWriteContext write)
    {
        var resource = write.Resource;
        var properties = resource["properties"]!.AsObject();
        properties["creationDate"] = write.Existing?.Body["properties"]?["creationDate"]?.DeepClone()
            ?? write.Request.Now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        ManagedIdentity.Complete(write);

        if (properties["step"] is JsonObject step && (string?)step["type"] == "Docker")
        {
            step["isPushEnabled"] ??= true;
            step["noCache"] ??= false;
        }

        if (properties["trigger"] is JsonObject trigger)
        {
            foreach (var item in TriggerArrays.SelectMany(a => trigger[a] as JsonArray ?? []).OfType<JsonObject>())
            {
                item["status"] ??= "Enabled";
            }

            if (trigger["baseImageTrigger"] is JsonObject baseImage)
            {
                baseImage["status"] ??= "Enabled";
                baseImage["updateTriggerPayloadType"] ??= "Default";
                baseImage["updateTriggerEndpoint"] ??= null;
            }
        }
    }

    public override JsonObject Present(StoredResource resource)
    {
        var body = (JsonObject)resource.Body.DeepClone();
        var properties = body["properties"]!.AsObject();
        if (properties["step"] is JsonObject step)
        {
            // The context token (a git PAT or SAS token) is a secret too: the Tasks_Get example shows none.
            step.Remove("contextAccessToken");
            foreach (var list in new[] { "arguments", "values" })
            {
                if (step[list] is JsonArray items)
                {
                    step[list] = new JsonArray([.. items.Where(i => i?["isSecret"]?.GetValue<bool>() != true).Select(i => i?.DeepClone())]);
                }
            }
        }

        if (properties["trigger"] is JsonObject trigger)
        {
            foreach (var source in (trigger["sourceTriggers"] as JsonArray ?? []).OfType<JsonObject>())
            {
                (source["sourceRepository"] as JsonObject)?.Remove("sourceControlAuthProperties");
            }

            if (trigger["baseImageTrigger"] is JsonObject baseImage)
            {
                baseImage["updateTriggerEndpoint"] = null;
            }
        }

        // ACR lists which registries have credentials, never the credentials themselves.
        var credentials = properties["credentials"] as JsonObject;
        properties["credentials"] = new JsonObject
        {
            ["customRegistries"] = new JsonObject([.. (credentials?["customRegistries"] as JsonObject ?? []).Select(p => new KeyValuePair<string, JsonNode?>(p.Key, null))]),
            ["sourceRegistry"] = credentials?["sourceRegistry"]?.DeepClone(),
        };
        return body;
    }

    /// <summary>
    /// PATCH semantics of TaskUpdateParameters: triggers merge by name, a step of another type replaces the step,
    /// custom registries merge by login server.
    /// </summary>
    private static void MergeUpdate(JsonObject existing, JsonObject? update, JsonObject merged)
    {
        if (update?["step"] is JsonObject step && !string.Equals((string?)step["type"], (string?)existing["step"]?["type"], StringComparison.OrdinalIgnoreCase))
        {
            merged["step"] = step.DeepClone();
        }

        if (update?["trigger"] is not JsonObject trigger)
        {
            return;
        }

        foreach (var name in TriggerArrays)
        {
            if (trigger[name] is not JsonArray changes)
            {
                continue;
            }

            var result = (existing["trigger"]?[name] as JsonArray)?.DeepClone().AsArray() ?? [];
            foreach (var change in changes.OfType<JsonObject>())
            {
                var match = result.OfType<JsonObject>().FirstOrDefault(t => string.Equals((string?)t["name"], (string?)change["name"], StringComparison.OrdinalIgnoreCase));
                if (match is null)
                {
                    result.Add(change.DeepClone());
                }
                else
                {
                    JsonPaths.Merge(match, change);
                }
            }

            merged["trigger"]![name] = result;
        }
    }

    private static void SourceTriggers(JsonObject trigger)
    {
        var items = trigger["sourceTriggers"] as JsonArray ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"properties.trigger.sourceTriggers[{i.ToString(CultureInfo.InvariantCulture)}]";
            var item = items[i] as JsonObject ?? throw ArmErrors.InvalidContent($"A source trigger must be an object. Path '{path}'", path);
            TaskRules.String(item, "name", path, true);
            TaskRules.Enum(item, "status", path, false, TaskRules.EnabledDisabled);
            var repository = TaskRules.Object(item, "sourceRepository", path, true)!;
            var repositoryPath = $"{path}.sourceRepository";
            TaskRules.Enum(repository, "sourceControlType", repositoryPath, true, ["Github", "VisualStudioTeamService"]);
            var url = TaskRules.String(repository, "repositoryUrl", repositoryPath, true)!;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            {
                throw ArmErrors.InvalidContent($"'{url}' is not a valid repository URL. Path '{repositoryPath}.repositoryUrl'", $"{repositoryPath}.repositoryUrl");
            }

            TaskRules.String(repository, "branch", repositoryPath, false);
            if (TaskRules.Object(repository, "sourceControlAuthProperties", repositoryPath, false) is { } auth)
            {
                TaskRules.Enum(auth, "tokenType", $"{repositoryPath}.sourceControlAuthProperties", true, ["PAT", "OAuth"]);
                TaskRules.String(auth, "token", $"{repositoryPath}.sourceControlAuthProperties", true);
            }

            var events = TaskRules.Array(item, "sourceTriggerEvents", path, true)!;
            if (events.Count == 0)
            {
                throw ArmErrors.InvalidContent($"A source trigger needs at least one event (commit, pullrequest). Path '{path}.sourceTriggerEvents'", $"{path}.sourceTriggerEvents");
            }

            for (var e = 0; e < events.Count; e++)
            {
                var holder = new JsonObject { ["event"] = events[e]?.DeepClone() };
                events[e] = TaskRules.Enum(holder, "event", $"{path}.sourceTriggerEvents[{e.ToString(CultureInfo.InvariantCulture)}]", true, ["commit", "pullrequest"]);
            }
        }

        Unique(items, "sourceTriggers");
    }

    private static void TimerTriggers(JsonObject trigger)
    {
        var items = trigger["timerTriggers"] as JsonArray ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"properties.trigger.timerTriggers[{i.ToString(CultureInfo.InvariantCulture)}]";
            var item = items[i] as JsonObject ?? throw ArmErrors.InvalidContent($"A timer trigger must be an object. Path '{path}'", path);
            TaskRules.String(item, "name", path, true);
            TaskRules.Enum(item, "status", path, false, TaskRules.EnabledDisabled);
            var schedule = TaskRules.String(item, "schedule", path, true)!;
            if (CronSchedule.Check(schedule) is { } problem)
            {
                throw ArmErrors.InvalidContent($"The schedule '{schedule}' of timer trigger '{item["name"]}' is not a valid cron expression: {problem}. Path '{path}.schedule'", $"{path}.schedule");
            }
        }

        Unique(items, "timerTriggers");
    }

    private static void Unique(JsonArray items, string list)
    {
        var duplicate = items.Select(i => (string?)i?["name"]).GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw ArmErrors.InvalidContent($"Trigger name '{duplicate.Key}' is used more than once. Path 'properties.trigger.{list}'", $"properties.trigger.{list}");
        }
    }
}
