using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AcrOperator.Sandbox.Tests.Arm;

/// <summary>
/// Replays every example of the specs: prepares what the example presumes (group, a Premium registry with the
/// admin user on, the parent and the resource itself for reads, updates and deletes, the task of a TaskRun, a
/// finished run for run operations, from a base-image update when the example's run shows one, a pinged webhook
/// for its event list) through the emulator, then sends the example's request and checks its status
/// is one the example lists and its body has the example's shape (<see cref="JsonShape"/>).
/// </summary>
public sealed partial class ExampleReplayTests
{
    public static TheoryData<string> Examples => ArmExamples.Files();

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Example_is_replayed(string example)
    {
        var version = example.Split('/')[0];
        var operations = ArmExamples.Operations(version).ToList();
        var (template, method, operation, _) = operations.SingleOrDefault(o => o.Examples.Contains(example, StringComparer.OrdinalIgnoreCase));
        Assert.True(template is not null, $"no operation of the {version} spec references {example} in x-ms-examples");
        var file = ArmExamples.Load(example);
        var parameters = file["parameters"]!.AsObject();
        var responses = file["responses"]!.AsObject();

        await using var arm = await ArmHarness.StartAsync();
        var replay = new Replay(arm, version, operations, parameters);
        await replay.PrepareAsync(template, method, operation, responses);
        var url = replay.Url(template, operation);
        var body = Body(operation, parameters);
        var (response, actual) = await arm.CallAsync(new HttpMethod(method), url, body);
        var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        Assert.True(responses.ContainsKey(status), $"{method} {url} answered {status}, the example lists {string.Join(", ", responses.Select(r => r.Key))}: {actual?.ToJsonString()}");
        if (responses[status]?["body"] is { } expected)
        {
            JsonShape.AssertContains(expected, actual, "$");
        }
    }

    private static JsonNode? Body(JsonObject operation, JsonObject parameters) =>
        (operation["parameters"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(p => (string?)p["in"] == "body")
            .Select(p => parameters[(string)p["name"]!]?.DeepClone())
            .FirstOrDefault();

    /// <summary>The prerequisite state of one example.</summary>
    private sealed class Replay(ArmHarness arm, string version, List<(string Template, string Method, JsonObject Operation, IReadOnlyList<string> Examples)> operations, JsonObject parameters)
    {
        /// <summary>The base-image update that caused the run the example shows, if it shows such a run.</summary>
        private JsonObject? imageUpdate;

        public async Task PrepareAsync(string template, string method, JsonObject operation, JsonObject responses)
        {
            var shown = responses["200"]?["body"] as JsonObject;
            imageUpdate = ((shown?["value"] as JsonArray)?.FirstOrDefault() ?? shown)?["properties"]?["imageUpdateTrigger"] as JsonObject;
            var names = PathParameters(template);
            var group = (string?)parameters["resourceGroupName"] ?? "myResourceGroup";
            await arm.CreateGroupAsync(group, Subscription);
            var registry = (string?)parameters["registryName"];
            var isRegistryItself = template.EndsWith("{registryName}", StringComparison.Ordinal);
            if (registry is not null && !(isRegistryItself && method == "PUT"))
            {
                await EnsureRegistryAsync(group, registry);
            }

            var expectedList = responses["200"]?["body"]?["value"] as JsonArray;
            if (registry is null && expectedList is { Count: > 0 })
            {
                // A list across the subscription that the example shows non-empty.
                await EnsureRegistryAsync(group, "myRegistry");
            }

            if (responses["200"]?["body"]?["nameAvailable"]?.GetValue<bool>() == false && Body(operation, parameters)?["name"] is { } taken)
            {
                await EnsureRegistryAsync(group, (string)taken!);
            }

            if (registry is null || names.IndexOf("registryName") is var at && at < 0)
            {
                return;
            }

            var childParameter = names.Count > at + 1 ? names[at + 1] : null;
            var segments = template.TrimEnd('/').Split('/');
            var collection = childParameter is null ? segments[^1] : segments[Array.IndexOf(segments, $"{{{childParameter}}}") - 1];
            var isChildList = childParameter is null && !isRegistryItself && expectedList is { Count: > 0 };
            if ((childParameter is not null && method != "PUT") || isChildList)
            {
                var name = childParameter is null ? null : (string?)parameters[childParameter];
                var created = await EnsureChildAsync(group, registry, collection, name);
                if (childParameter is not null)
                {
                    parameters[childParameter] = created;
                }
            }

            if (Body(operation, parameters) is JsonObject body)
            {
                await EnsureReferencesAsync(group, registry, body);
            }

            if (template.EndsWith("/listEvents", StringComparison.Ordinal) && expectedList is { Count: > 0 })
            {
                // A webhook's events come only from deliveries; a ping is the one the API can cause.
                var ping = operations.First(o => o.Method == "POST" && o.Template == template[..^"listEvents".Length] + "ping");
                var (pinged, answer) = await arm.CallAsync(HttpMethod.Post, Url(ping.Template, ping.Operation));
                Assert.True(pinged.IsSuccessStatusCode, $"pinging the webhook: {(int)pinged.StatusCode} {answer?.ToJsonString()}");
            }
        }

        public string Url(string template, JsonObject operation)
        {
            var path = PathParameter().Replace(template, m => Uri.EscapeDataString(Value(parameters[m.Groups[1].Value])));
            var query = $"?api-version={version}";
            foreach (var p in (operation["parameters"] as JsonArray ?? []).OfType<JsonObject>().Where(p => (string?)p["in"] == "query"))
            {
                var value = parameters[(string)p["name"]!];
                if (value is not null && Value(value).Length > 0)
                {
                    query += $"&{Uri.EscapeDataString((string)p["name"]!)}={Uri.EscapeDataString(Value(value))}";
                }
            }

            return path + query;
        }

        private string Subscription => (string?)parameters["subscriptionId"] ?? ArmHarness.Subscription;

        private async Task EnsureRegistryAsync(string group, string name)
        {
            var path = ArmHarness.V(ArmHarness.Registry(name, group, Subscription));
            if ((await arm.SendAsync(HttpMethod.Get, path)).IsSuccessStatusCode)
            {
                return;
            }

            await arm.CreateRegistryAsync(name, "Premium", adminUserEnabled: true, group, Subscription);
        }

        /// <summary>Creates a child of the registry the way the spec's create example does; runs come from scheduleRun and are run to completion.</summary>
        private async Task<string> EnsureChildAsync(string group, string registry, string collection, string? name)
        {
            var registryPath = ArmHarness.Registry(registry, group, Subscription);
            if (collection == "runs")
            {
                var schedule = operations.First(o => o.Template.EndsWith("/scheduleRun", StringComparison.Ordinal));
                // A TaskRun's run names its task, as the Runs_Get example does.
                var requests = schedule.Examples.Where(e => File.Exists(Path.Combine(ArmExamples.SpecRoot, e))).Select(e => ArmExamples.Load(e)["parameters"]!["runRequest"]!.AsObject()).ToList();
                var request = (requests.FirstOrDefault(r => (string?)r["type"] == "TaskRunRequest") ?? requests[0]).DeepClone().AsObject();
                await EnsureReferencesAsync(group, registry, request);
                var (response, run) = imageUpdate is null
                    ? await arm.CallAsync(HttpMethod.Post, $"{registryPath}/scheduleRun?api-version={version}", request)
                    : await arm.CallAsync(HttpMethod.Post, "/_admin/tasks/baseImageUpdate", new JsonObject
                    {
                        // scheduleRun cannot make an AutoBuild run; report the example's base-image update instead.
                        ["taskId"] = $"{registryPath}/tasks/{((string)request["taskId"]!).Split('/')[^1]}",
                        ["images"] = imageUpdate["images"]!.DeepClone(),
                    });
                Assert.True(response.IsSuccessStatusCode, $"scheduling a run: {run?.ToJsonString()}");
                arm.Time.Advance(TimeSpan.FromMinutes(1));
                return (string)run!["name"]!;
            }

            var create = operations.First(o => o.Method == "PUT" && o.Template.Contains($"/{collection}/{{", StringComparison.Ordinal) && o.Template.Split('/')[^2] == collection);
            var createExample = ArmExamples.Load(create.Examples.First(e => File.Exists(Path.Combine(ArmExamples.SpecRoot, e))));
            var createParameters = createExample["parameters"]!.AsObject();
            var body = Body(create.Operation, createParameters)!.AsObject();
            name ??= (string)createParameters[PathParameters(create.Template)[^1]]!;
            var path = $"{registryPath}/{collection}/{Uri.EscapeDataString(name)}?api-version={version}";
            if ((await arm.SendAsync(HttpMethod.Get, path)).IsSuccessStatusCode)
            {
                return name;
            }

            await EnsureReferencesAsync(group, registry, body);
            var (created, answer) = await arm.CallAsync(HttpMethod.Put, path, body);
            Assert.True(created.IsSuccessStatusCode, $"creating {collection}/{name}: {(int)created.StatusCode} {answer?.ToJsonString()}");
            arm.Time.Advance(TimeSpan.FromMinutes(1));
            return name;
        }

        /// <summary>Resources a body points at: ARM ids of the registry's children (a token's scope map) and a TaskRun's task.</summary>
        private async Task EnsureReferencesAsync(string group, string registry, JsonObject body)
        {
            if ((string?)body["type"] == "TaskRunRequest" && (string?)body["taskId"] is { } task)
            {
                await EnsureChildAsync(group, registry, "tasks", task.Split('/')[^1]);
            }

            foreach (Match reference in ChildReference().Matches(body.ToJsonString()))
            {
                if (!reference.Groups[2].Value.StartsWith('_'))
                {
                    await EnsureChildAsync(group, registry, reference.Groups[1].Value, reference.Groups[2].Value);
                }
            }
        }

        private static List<string> PathParameters(string template) => [.. PathParameter().Matches(template).Select(m => m.Groups[1].Value)];

        private static string Value(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? (string)node! : node?.ToJsonString() ?? string.Empty;
    }

    [GeneratedRegex(@"\{([^}]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex PathParameter();

    [GeneratedRegex(@"/providers/Microsoft\.ContainerRegistry/registries/[^/""]+/(\w+)/([^/""]+)""", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ChildReference();
}
