using System.Text.Json.Nodes;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using static AcrOperator.Controllers.SpecValues;

namespace AcrOperator.Controllers;

/// <summary>
/// Turns a BuildTask spec and its secret values into the task's ARM <c>properties</c>, and compares those with what
/// listDetails returns (secrets included): a member the spec sets must match, a member Azure adds (defaults,
/// read-only fields) is not drift. Triggers compare by name and custom registries by login server, both as closed
/// sets, so one removed from the spec is a difference too. Optional fields left unset are not managed.
/// </summary>
public static class BuildTaskSpecMapper
{
    /// <summary>ARM properties and the spec fields they come from, for events: never values.</summary>
    private static readonly (string Property, string Field)[] FieldNames =
    [
        ("status", "enabled"),
        ("platform", "platform"),
        ("agentConfiguration", "agentCpu"),
        ("timeout", "timeoutSeconds"),
        ("step", "step"),
        ("trigger", "triggers"),
        ("credentials", "customRegistries"),
    ];

    /// <summary>Objects whose members are data (trigger kinds, login servers): a member Azure has and the spec lacks is a difference.</summary>
    private static readonly HashSet<string> ClosedObjects = ["trigger", "credentials.customRegistries"];

    private static readonly string[] TriggerLists = ["sourceTriggers", "timerTriggers"];

    /// <summary>The task's name in Azure: <c>spec.azureName</c>, else the resource's name without dots.</summary>
    public static string AzureName(BuildTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Spec.AzureName is { Length: > 0 } name ? name : task.Metadata.Name.Replace(".", "", StringComparison.Ordinal);
    }

    /// <summary>What in the spec Azure would refuse that the schema cannot check (timer schedules), as an actionable message; null when nothing.</summary>
    public static string? Invalid(BuildTaskSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return (spec.Triggers?.TimerTriggers ?? [])
            .Select(t => CronSchedules.Problem(t.Schedule) is { } problem ? $"spec.triggers.timerTriggers[{t.Name}].schedule '{t.Schedule}' is not a valid cron schedule: {problem}; fix it." : null)
            .FirstOrDefault(m => m is not null);
    }

    /// <summary>Task properties ARM sets and refuses in a request body.</summary>
    private static readonly string[] ReadOnlyProperties = ["provisioningState", "creationDate"];

    public static ArmTaskDefinition ToDefinition(BuildTaskSpec spec, JsonObject properties, string location)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new ArmTaskDefinition { Location = location, Tags = Tags(spec.Tags), Properties = properties };
    }

    /// <summary>The task's ARM properties as the spec wants them, secret values marked <c>isSecret</c> or as secret objects.</summary>
    public static JsonObject Properties(BuildTaskSpec spec, BuildTaskSecretValues secrets)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(secrets);
        var properties = new JsonObject
        {
            ["status"] = spec.Enabled == false ? "Disabled" : "Enabled",
            ["platform"] = Platform(spec.Platform),
            ["timeout"] = spec.TimeoutSeconds ?? 3600,
            ["step"] = Step(spec.Step, secrets),
            ["trigger"] = Trigger(spec.Triggers, secrets),
            ["credentials"] = new JsonObject
            {
                ["customRegistries"] = new JsonObject([.. (spec.CustomRegistries ?? []).Select(r => new KeyValuePair<string, JsonNode?>(r.LoginServer, new JsonObject
                {
                    ["userName"] = new JsonObject { ["type"] = "Opaque", ["value"] = r.UserName },
                    ["password"] = new JsonObject { ["type"] = "Opaque", ["value"] = secrets.Of(r.PasswordSecretRef) },
                }))]),
            },
        };
        if (spec.AgentCpu is { } cpu)
        {
            properties["agentConfiguration"] = new JsonObject { ["cpu"] = cpu };
        }

        return properties;
    }

    /// <summary>The PATCH that makes the task match: the differing members of <paramref name="wanted"/>, and tags; empty when it matches.</summary>
    public static ArmTaskUpdate Diff(BuildTaskSpec spec, JsonObject wanted, ArmTask details)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(details);
        var differing = wanted.Where(p => !Matches(p.Value, details.Properties[p.Key], p.Key)).Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value?.DeepClone()));
        return new ArmTaskUpdate { Tags = Tags(spec.Tags, details.Tags), Properties = new JsonObject([.. differing]) };
    }

    /// <summary>
    /// Whether the update must be a PUT of the whole task: a PATCH merges triggers by name and custom registries by
    /// login server, so one that Azure has and the spec dropped can only go with a full replacement.
    /// </summary>
    public static bool NeedsReplacement(ArmTaskUpdate update, ArmTask details)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(details);
        return (update.Properties["trigger"] is JsonObject trigger && Dropped(trigger, details.Properties["trigger"]))
            || (update.Properties["credentials"]?["customRegistries"] is JsonObject wanted
                && Members(details.Properties["credentials"]?["customRegistries"]).Any(server => !wanted.ContainsKey(server)));
    }

    /// <summary>
    /// The properties of a PUT that replaces the task: what Azure holds (<paramref name="details"/>, from listDetails, so
    /// with its secret values) with every member the spec manages taken from <paramref name="wanted"/>. A PUT replaces
    /// the whole resource, so members the spec does not manage (agent pool, log template, the source registry's
    /// credentials) are carried over rather than dropped.
    /// </summary>
    public static JsonObject Replacement(JsonObject wanted, ArmTask details)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(details);
        var properties = (JsonObject)details.Properties.DeepClone();
        foreach (var readOnly in ReadOnlyProperties)
        {
            properties.Remove(readOnly);
        }

        foreach (var (name, value) in wanted)
        {
            if (name == "credentials" && value is JsonObject credentials && properties[name] is JsonObject held)
            {
                // The spec manages the custom registries only; the source registry's login mode stays as it is.
                foreach (var (member, content) in credentials)
                {
                    held[member] = content?.DeepClone();
                }

                continue;
            }

            properties[name] = value?.DeepClone();
        }

        return properties;
    }

    /// <summary>The spec fields an update carries, for events and logs.</summary>
    public static IReadOnlyList<string> Fields(ArmTaskUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return [.. FieldNames.Where(f => update.Properties.ContainsKey(f.Property)).Select(f => f.Field).Concat(update.Tags is null ? [] : ["tags"])];
    }

    private static bool Dropped(JsonObject wanted, JsonNode? actual) =>
        (actual?["baseImageTrigger"] is JsonObject && wanted["baseImageTrigger"] is null)
        || TriggerLists.Any(list =>
            Names(actual?[list]).Any(name => !Names(wanted[list]).Contains(name, StringComparer.OrdinalIgnoreCase)));

    private static bool Matches(JsonNode? wanted, JsonNode? actual, string path) => wanted switch
    {
        JsonObject w => ObjectMatches(w, actual as JsonObject ?? [], path),
        JsonArray w => ArrayMatches(w, actual as JsonArray ?? [], path),
        _ => JsonNode.DeepEquals(wanted, actual),
    };

    private static bool ObjectMatches(JsonObject wanted, JsonObject actual, string path) =>
        wanted.All(p => Matches(p.Value, actual[p.Key], $"{path}.{p.Key}"))
        && (!ClosedObjects.Contains(path) || Members(actual).All(wanted.ContainsKey));

    // Lists of named items (triggers, arguments, values) compare by name; lists of strings (images, events) as sets.
    private static bool ArrayMatches(JsonArray wanted, JsonArray actual, string path)
    {
        if (wanted.Count != actual.Count)
        {
            return false;
        }

        if (wanted.All(i => i is JsonObject { } o && o["name"] is not null))
        {
            return wanted.All(w => actual.OfType<JsonObject>().FirstOrDefault(a => Same((string)w!["name"]!, (string?)a["name"])) is { } match && Matches(w, match, path));
        }

        return wanted.Select(i => i?.ToJsonString()).Order(StringComparer.Ordinal).SequenceEqual(actual.Select(i => i?.ToJsonString()).Order(StringComparer.Ordinal));
    }

    /// <summary>The members of an object that hold something: Azure shows an absent trigger kind as null or an empty list.</summary>
    private static IEnumerable<string> Members(JsonNode? node) =>
        (node as JsonObject ?? []).Where(p => p.Value is not null && p.Value is not JsonArray { Count: 0 }).Select(p => p.Key);

    private static IEnumerable<string> Names(JsonNode? list) => (list as JsonArray ?? []).Select(i => (string?)i?["name"]).OfType<string>();

    private static JsonObject Platform(BuildTaskPlatform platform)
    {
        var node = new JsonObject { ["os"] = platform.Os.ToString() };
        if (platform.Architecture is { } architecture)
        {
            node["architecture"] = architecture == PlatformArchitecture.I386 ? "386" : architecture.ToString().ToLowerInvariant();
        }

        if (platform.Variant is { } variant)
        {
            node["variant"] = variant.ToString().ToLowerInvariant();
        }

        return node;
    }

    private static JsonObject Step(BuildTaskStep step, BuildTaskSecretValues secrets)
    {
        var node = step switch
        {
            { Docker: { } docker } => Docker(docker, secrets),
            { File: { } file } => Optional(new JsonObject { ["type"] = "FileTask", ["taskFilePath"] = file.TaskFilePath, ["values"] = Values(file.Values, secrets) }, "valuesFilePath", file.ValuesFilePath),
            { Encoded: { } encoded } => Optional(new JsonObject { ["type"] = "EncodedTask", ["encodedTaskContent"] = encoded.EncodedTaskContent, ["values"] = Values(encoded.Values, secrets) }, "encodedValuesContent", encoded.EncodedValuesContent),
            // The schema admits exactly one variant; without it there is nothing to send.
            _ => throw new InvalidOperationException("spec.step sets none of docker, encoded or file."),
        };
        Optional(node, "contextPath", step.ContextPath);
        return Optional(node, "contextAccessToken", step.ContextAccessTokenSecretRef is { } token ? secrets.Of(token) : null);
    }

    private static JsonObject Docker(DockerBuildStep docker, BuildTaskSecretValues secrets) => Optional(
        new JsonObject
        {
            ["type"] = "Docker",
            ["dockerFilePath"] = docker.DockerFilePath,
            ["imageNames"] = new JsonArray([.. (docker.ImageNames ?? []).Select(i => (JsonNode)i)]),
            ["isPushEnabled"] = docker.Push ?? true,
            ["noCache"] = docker.NoCache ?? false,
            ["arguments"] = Values(docker.Arguments, secrets),
        },
        "target",
        docker.Target);

    private static JsonArray Values(IList<BuildTaskValue>? values, BuildTaskSecretValues secrets) => new([.. (values ?? []).Select(v => (JsonNode)new JsonObject
    {
        ["name"] = v.Name,
        ["value"] = v.SecretRef is { } secret ? secrets.Of(secret) : v.Value ?? "",
        ["isSecret"] = v.SecretRef is not null,
    })]);

    private static JsonObject Trigger(BuildTaskTriggers? triggers, BuildTaskSecretValues secrets)
    {
        var node = new JsonObject
        {
            ["sourceTriggers"] = new JsonArray([.. (triggers?.SourceTriggers ?? []).Select(t => (JsonNode)new JsonObject
            {
                ["name"] = t.Name,
                ["sourceRepository"] = Optional(
                    Optional(new JsonObject { ["sourceControlType"] = (t.SourceControlType ?? SourceControlType.Github).ToString(), ["repositoryUrl"] = t.RepositoryUrl }, "branch", t.Branch),
                    "sourceControlAuthProperties",
                    t.TokenSecretRef is { } token ? new JsonObject { ["tokenType"] = "PAT", ["token"] = secrets.Of(token) } : null),
                ["sourceTriggerEvents"] = new JsonArray([.. t.Events.Distinct().Select(e => (JsonNode)e.ToString().ToLowerInvariant())]),
                ["status"] = Status(t.Enabled),
            })]),
            ["timerTriggers"] = new JsonArray([.. (triggers?.TimerTriggers ?? []).Select(t => (JsonNode)new JsonObject
            {
                ["name"] = t.Name,
                ["schedule"] = t.Schedule,
                ["status"] = Status(t.Enabled),
            })]),
        };
        return Optional(node, "baseImageTrigger", triggers?.BaseImageTrigger is { } baseImage
            ? new JsonObject { ["name"] = baseImage.Name, ["baseImageTriggerType"] = (baseImage.Type ?? BaseImageTriggerType.Runtime).ToString(), ["status"] = Status(baseImage.Enabled) }
            : null);
    }

    private static string Status(bool? enabled) => enabled == false ? "Disabled" : "Enabled";

    private static JsonObject Optional(JsonObject node, string name, JsonNode? value)
    {
        if (value is not null)
        {
            node[name] = value;
        }

        return node;
    }

    private static JsonObject Optional(JsonObject node, string name, string? value) => Optional(node, name, value is null ? null : JsonValue.Create(value));
}
