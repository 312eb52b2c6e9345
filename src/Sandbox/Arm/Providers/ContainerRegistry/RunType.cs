using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AcrOperator.Sandbox.Arm.Http;
using AcrOperator.Sandbox.Arm.Operations;
using AcrOperator.Sandbox.Arm.Resources;

namespace AcrOperator.Sandbox.Arm.Providers.ContainerRegistry;

/// <summary>
/// <c>Microsoft.ContainerRegistry/registries/runs</c>: created by <c>scheduleRun</c> (all four request types) or by a
/// task's base image trigger (<see cref="FireBaseImageTrigger"/>), then Queued, Running after <see cref="ArmServerOptions.RunQueueTime"/>, and Succeeded or Failed after
/// <see cref="ArmServerOptions.RunExecutionTime"/>, on the server's clock. A run fails when the file it runs
/// (Dockerfile, task file, a TaskRun's step file or override, or the decoded encoded task) contains "fail".
/// </summary>
internal sealed partial class RunType : ArmResourceType
{
    private const string SequenceKey = "sequence";
    private const string FailureKey = "failure";
    private const string RunCounterKey = "runCounter";
    private static readonly string[] RequestTypes = ["DockerBuildRequest", "FileTaskRunRequest", "TaskRunRequest", "EncodedTaskRunRequest"];
    private static readonly string[] RequestCommon = ["type", "isArchiveEnabled", "agentPoolName", "logTemplate", "platform", "agentConfiguration", "timeout", "sourceLocation", "credentials"];
    private static readonly string[] TaskRunFields = ["taskId", "overrideTaskStepProperties"];
    private static readonly string[] ImageFields = ["registry", "repository"];

    private readonly TaskType tasks;

    [SetsRequiredMembers]
    public RunType(RegistryType registries, TaskType tasks)
    {
        this.tasks = tasks;
        Namespace = "Microsoft.ContainerRegistry";
        Segments = ["registries", "runs"];
        Parent = registries;
        ApiVersions = ContainerRegistryApiVersions.Tasks;
        IsLongRunning = false;
        OperationPrefix = "runs";
        Methods = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "GET", "PATCH", "LIST" };
        Properties =
        [
            new("properties", ArmPropertyKind.Object),
            new("properties.isArchiveEnabled", ArmPropertyKind.Boolean),
        ];
        Actions = new Dictionary<string, ArmAction>(StringComparer.OrdinalIgnoreCase)
        {
            ["cancel"] = new("cancel", "POST", Cancel),
            ["listLogSasUrl"] = new("listLogSasUrl", "POST", LogSasUrl),
        };
    }

    /// <summary>Queued and Running are the only states a run leaves.</summary>
    public static bool IsActive(JsonObject run) => (string?)run["properties"]?["status"] is "Queued" or "Running";

    /// <summary><c>POST registries/{r}/scheduleRun</c>: validates the run request and queues a run (200, not long-running in this api-version).</summary>
    public ArmResult Schedule(ArmRequestContext ctx, StoredResource registry)
    {
        var request = (JsonObject)ctx.RequireObjectBody().DeepClone();
        var type = TaskRules.Enum(request, "type", string.Empty, true, RequestTypes)!;
        TaskRules.Bool(request, "isArchiveEnabled", string.Empty);
        TaskRules.String(request, "agentPoolName", string.Empty, false);
        TaskRules.String(request, "logTemplate", string.Empty, false);
        TaskRules.Common(request, string.Empty);
        var properties = new JsonObject();
        string? file;
        IEnumerable<string> images = [];
        if (type == "TaskRunRequest")
        {
            (file, images) = FromTask(ctx, registry, request, properties);
        }
        else
        {
            TaskRules.Platform(request, string.Empty, required: true);
            if (TaskRunFields.FirstOrDefault(request.ContainsKey) is { } foreign)
            {
                throw ArmErrors.InvalidContent($"Property '{foreign}' is only valid for a TaskRunRequest. Path '{foreign}'", foreign);
            }

            var step = (JsonObject)request.DeepClone();
            foreach (var name in RequestCommon)
            {
                step.Remove(name);
            }

            step["type"] = type switch { "DockerBuildRequest" => "Docker", "FileTaskRunRequest" => "FileTask", _ => "EncodedTask" };
            TaskRules.Step(step, string.Empty, requireFields: true);
            file = type switch
            {
                "DockerBuildRequest" => (string?)request["dockerFilePath"],
                "FileTaskRunRequest" => (string?)request["taskFilePath"],
                _ => Encoding.UTF8.GetString(Convert.FromBase64String((string)request["encodedTaskContent"]!)),
            };
            if (type == "DockerBuildRequest" && request["isPushEnabled"]?.GetValue<bool>() != false)
            {
                images = (request["imageNames"] as JsonArray ?? []).Select(i => (string)i!);
            }

            properties["runType"] = type == "DockerBuildRequest" ? "QuickBuild" : "QuickRun";
            properties["platform"] = request["platform"]!.DeepClone();
            properties["agentConfiguration"] = request["agentConfiguration"]?.DeepClone() ?? new JsonObject { ["cpu"] = 2 };
        }

        var run = Queue(ctx, registry, properties, request["isArchiveEnabled"]?.GetValue<bool>() == true, request["credentials"] as JsonObject, images, Failure(file));
        return ArmResult.Ok(Present(run));
    }

    /// <summary>
    /// What ACR does when a base image of <paramref name="task"/> is updated: an AutoBuild run of the task that
    /// records the update in <c>imageUpdateTrigger</c>. The emulator watches no registry, so the admin endpoint
    /// <c>POST /_admin/tasks/baseImageUpdate</c> reports the update.
    /// </summary>
    public StoredResource FireBaseImageTrigger(ArmRequestContext ctx, StoredResource task, JsonArray images)
    {
        var trigger = task.Body["properties"]?["trigger"]?["baseImageTrigger"] as JsonObject;
        if (!TaskType.IsEnabled(task) || trigger is null || (string?)trigger["status"] != "Enabled")
        {
            throw new ArmException(HttpStatusCode.Conflict, "BaseImageTriggerNotEnabled", $"The task '{task.Name}' has no enabled base image trigger, so an image update does not run it.", "taskId");
        }

        if (images.Count == 0)
        {
            throw ArmErrors.InvalidContent("At least one updated image is required. Path 'images'", "images");
        }

        for (var i = 0; i < images.Count; i++)
        {
            if (images[i] is not JsonObject image || ImageFields.Any(f => image[f] is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.String))
            {
                var path = $"images[{i.ToString(CultureInfo.InvariantCulture)}]";
                throw ArmErrors.InvalidContent($"An image needs string 'registry' and 'repository' (and may give 'tag' and 'digest'). Path '{path}'", path);
            }
        }

        var properties = new JsonObject();
        var (file, outputs) = FromStoredTask(task, null, properties);
        properties["runType"] = "AutoBuild";
        properties["imageUpdateTrigger"] = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["timestamp"] = Time(ctx.Now),
            ["images"] = images.DeepClone(),
        };
        return Queue(ctx, ctx.Store.Get(task.Address.Parent!)!, properties, archive: false, credentials: null, outputs, Failure(file));
    }

    public override void ValidateWrite(ArmWriteContext write)
    {
        // RunUpdateParameters holds isArchiveEnabled only; anything else is not part of the update model.
        var extra = write.Body.Select(p => p.Key).Where(k => k != "properties")
            .Concat((write.Body["properties"] as JsonObject ?? []).Select(p => "properties." + p.Key).Where(k => k != "properties.isArchiveEnabled"))
            .FirstOrDefault();
        if (extra is not null)
        {
            throw ArmErrors.InvalidContent($"Only 'properties.isArchiveEnabled' of a run can be updated. Path '{extra}'", extra);
        }
    }

    public override void CompleteBody(ArmWriteContext write) =>
        write.Resource["properties"]!["lastUpdatedTime"] = Time(write.Request.Now);

    public override IEnumerable<StoredResource> Query(ArmRequestContext request, IEnumerable<StoredResource> items)
    {
        var filtered = items;
        var filter = request.Query("$filter");
        if (!string.IsNullOrWhiteSpace(filter))
        {
            foreach (var clause in filter.Split(" and ", StringSplitOptions.TrimEntries))
            {
                var match = FilterClause().Match(clause);
                if (!match.Success)
                {
                    throw InvalidFilter(filter, "use clauses of the form \"field eq 'value'\" joined by 'and'");
                }

                var field = match.Groups["field"].Value;
                var property = field.ToUpperInvariant() switch
                {
                    "RUNID" => "runId",
                    "STATUS" => "status",
                    "TASKNAME" => "task",
                    "RUNTYPE" => "runType",
                    _ => throw InvalidFilter(filter, $"unsupported field '{field}' (RunId, Status, TaskName, RunType)"),
                };
                var value = match.Groups["value"].Value;
                filtered = filtered.Where(r => string.Equals((string?)r.Body["properties"]?[property], value, StringComparison.OrdinalIgnoreCase));
            }
        }

        // Newest first, as ACR lists runs.
        var ordered = filtered.OrderByDescending(r => r.Secrets[SequenceKey]!.GetValue<long>());
        var top = request.Query("$top");
        if (top is null)
        {
            return ordered;
        }

        return int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            ? ordered.Take(count)
            : throw new ArmException(HttpStatusCode.BadRequest, "InvalidQueryParameterValue", $"The value '{top}' of query parameter '$top' must be a positive integer.", "$top");
    }

    private (string? File, IEnumerable<string> Images) FromTask(ArmRequestContext ctx, StoredResource registry, JsonObject request, JsonObject properties)
    {
        var taskId = TaskRules.String(request, "taskId", string.Empty, true)!;
        var stepFields = TaskRules.StepTypes.Values.SelectMany(s => s.Fields).Distinct().FirstOrDefault(request.ContainsKey);
        if (stepFields is not null || request.ContainsKey("platform"))
        {
            var field = stepFields ?? "platform";
            throw ArmErrors.InvalidContent($"Property '{field}' is not valid for a TaskRunRequest; it runs the stored task (use overrideTaskStepProperties). Path '{field}'", field);
        }

        var overrides = TaskRules.Object(request, "overrideTaskStepProperties", string.Empty, false);
        if (overrides is not null)
        {
            TaskRules.NameValues(overrides, "arguments", "overrideTaskStepProperties");
            TaskRules.NameValues(overrides, "values", "overrideTaskStepProperties");
        }

        // The example passes the bare task name; clients also pass the task's ARM id.
        var name = taskId.TrimEnd('/').Split('/')[^1];
        var task = ctx.Store.Get(registry.Address.Child(tasks, name))
            ?? throw new ArmException(HttpStatusCode.NotFound, "TaskNotFound", $"The task '{name}' was not found in registry '{registry.Name}'.", "taskId");
        if (!TaskType.IsEnabled(task))
        {
            // [unverified] ACR's exact code for running a disabled task.
            throw new ArmException(HttpStatusCode.BadRequest, "TaskDisabled", $"The task '{task.Name}' is disabled. Enable it (properties.status: Enabled) before scheduling a run.", "taskId");
        }

        properties["runType"] = "QuickRun";
        return FromStoredTask(task, overrides, properties);
    }

    /// <summary>The run properties a task gives any run of it, and the file it runs and the images it pushes.</summary>
    private static (string? File, IEnumerable<string> Images) FromStoredTask(StoredResource task, JsonObject? overrides, JsonObject properties)
    {
        var taskProperties = task.Body["properties"]!.AsObject();
        var step = taskProperties["step"] as JsonObject;
        properties["task"] = task.Name;
        properties["platform"] = taskProperties["platform"]?.DeepClone();
        properties["agentConfiguration"] = taskProperties["agentConfiguration"]?.DeepClone() ?? new JsonObject { ["cpu"] = 2 };
        var file = (string?)overrides?["file"] ?? (string?)step?["dockerFilePath"] ?? (string?)step?["taskFilePath"]
            ?? (step?["encodedTaskContent"] is JsonValue encoded ? Encoding.UTF8.GetString(Convert.FromBase64String((string)encoded!)) : null);
        var images = (string?)step?["type"] == "Docker" && step["isPushEnabled"]?.GetValue<bool>() != false
            ? (step["imageNames"] as JsonArray ?? []).Select(i => (string)i!)
            : [];
        return (file, images);
    }

    private StoredResource Queue(ArmRequestContext ctx, StoredResource registry, JsonObject properties, bool archive, JsonObject? credentials, IEnumerable<string> images, string? failure)
    {
        var counter = (registry.Secrets[RunCounterKey]?.GetValue<long>() ?? 0) + 1;
        registry.Secrets[RunCounterKey] = counter;
        var runId = "ca" + counter.ToString(CultureInfo.InvariantCulture);
        var now = ctx.Now;
        properties["runId"] = runId;
        properties["status"] = "Queued";
        properties["createTime"] = Time(now);
        properties["lastUpdatedTime"] = Time(now);
        properties["isArchiveEnabled"] = archive;
        if (credentials?["customRegistries"] is JsonObject custom)
        {
            properties["customRegistries"] = new JsonArray([.. custom.Select(p => (JsonNode)p.Key)]);
        }

        var run = ArmResourceOperations.CreateInternal(ctx, registry.Address.Child(this, runId), new JsonObject { ["properties"] = properties });
        run.Secrets[SequenceKey] = counter;
        run.Secrets[FailureKey] = failure;
        var loginServer = (string)registry.Body["properties"]!["loginServer"]!;
        var outputs = images.Select(i => Image(loginServer, i.Replace("{{.Run.ID}}", runId, StringComparison.Ordinal), runId)).ToList();
        var started = now + ctx.Runtime.Options.RunQueueTime;
        var finished = started + ctx.Runtime.Options.RunExecutionTime;
        Schedule(ctx, run, now, started, () => Start(run, started));
        Schedule(ctx, run, now, finished, () => Finish(registry, run, finished, outputs));
        return run;
    }

    private static void Schedule(ArmRequestContext ctx, StoredResource run, DateTimeOffset now, DateTimeOffset due, Action transition) =>
        ctx.Runtime.Operations.Add(new LongRunningOperation($"runs-{Guid.NewGuid()}", run.Id, "POST", now, due, transition));

    private static void Start(StoredResource run, DateTimeOffset at)
    {
        var properties = run.Body["properties"]!.AsObject();
        if ((string?)properties["status"] != "Queued")
        {
            return;
        }

        properties["status"] = "Running";
        properties["startTime"] = Time(at);
        properties["lastUpdatedTime"] = Time(at);
    }

    private static void Finish(StoredResource registry, StoredResource run, DateTimeOffset at, List<JsonObject> outputs)
    {
        var properties = run.Body["properties"]!.AsObject();
        if ((string?)properties["status"] != "Running")
        {
            return;
        }

        var failure = (string?)run.Secrets[FailureKey];
        properties["status"] = failure is null ? "Succeeded" : "Failed";
        properties["finishTime"] = Time(at);
        properties["lastUpdatedTime"] = Time(at);
        if (failure is null)
        {
            properties["outputImages"] = new JsonArray([.. outputs.Select(o => (JsonNode)o.DeepClone())]);
        }
        else
        {
            properties["runErrorMessage"] = failure;
        }

        var prefix = (string?)properties["task"] ?? "quickrun";
        properties["logArtifact"] = new JsonObject
        {
            ["registry"] = registry.Name.ToLowerInvariant(),
            ["repository"] = "acr/tasks",
            ["tag"] = $"{prefix.ToLowerInvariant()}-{run.Name}-log",
            ["digest"] = Digest(run.Id + "/log"),
        };
    }

    private static ArmResult Cancel(ArmRequestContext ctx, StoredResource run)
    {
        // Cancelling a finished run changes nothing: clients retry cancels, and ACR keeps the final status.
        if (IsActive(run.Body))
        {
            var properties = run.Body["properties"]!.AsObject();
            properties["status"] = "Canceled";
            properties["finishTime"] = Time(ctx.Now);
            properties["lastUpdatedTime"] = Time(ctx.Now);
        }

        return new ArmResult(HttpStatusCode.OK);
    }

    private static ArmResult LogSasUrl(ArmRequestContext ctx, StoredResource run)
    {
        var registry = run.Address.Parent!.Name.ToLowerInvariant();
        var expiry = (ctx.Now + TimeSpan.FromHours(1)).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var signature = Uri.EscapeDataString(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        string Link(string blob) => $"https://{registry}logs.blob.core.windows.net/runs/{run.Name}/{blob}?sv=2023-11-03&se={Uri.EscapeDataString(expiry)}&sr=b&sp=r&spr=https&sig={signature}";
        var body = new JsonObject { ["logLink"] = Link("rawtext.log") };
        if (run.Body["properties"]?["isArchiveEnabled"]?.GetValue<bool>() == true)
        {
            body["logArtifactLink"] = Link("archive.tar.gz");
        }

        return ArmResult.Ok(body);
    }

    /// <summary>An image name as a docker request gives it (<c>repo:tag</c>, or with a registry host) resolved against the login server.</summary>
    private static JsonObject Image(string loginServer, string name, string runId)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var registry = loginServer;
        if (slash > 0 && name[..slash].Contains('.', StringComparison.Ordinal))
        {
            registry = name[..slash];
            name = name[(slash + 1)..];
        }

        var colon = name.LastIndexOf(':');
        var (repository, tag) = colon > name.LastIndexOf('/') ? (name[..colon], name[(colon + 1)..]) : (name, "latest");
        return new JsonObject { ["registry"] = registry, ["repository"] = repository, ["tag"] = tag, ["digest"] = Digest($"{registry}/{repository}:{tag}@{runId}") };
    }

    private static string Digest(string seed) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static string? Failure(string? file) => file?.Contains("fail", StringComparison.OrdinalIgnoreCase) == true
        ? $"failed to run step ID: build: exit status 1 (the emulator fails runs whose file contains 'fail': {Shorten(file)})"
        : null;

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";

    private static ArmException InvalidFilter(string filter, string why) =>
        new(HttpStatusCode.BadRequest, "InvalidQueryParameterValue", $"The $filter '{filter}' is invalid: {why}.", "$filter");

    [GeneratedRegex(@"^(?<field>\w+)\s+eq\s+'(?<value>[^']*)'$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex FilterClause();
}
