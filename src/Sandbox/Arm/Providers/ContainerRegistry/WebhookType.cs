using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.Arm.Http;
using AcrOperator.Sandbox.Arm.Resources;

namespace AcrOperator.Sandbox.Arm.Providers.ContainerRegistry;

/// <summary>
/// <c>Microsoft.ContainerRegistry/registries/webhooks</c>. <c>serviceUri</c> and <c>customHeaders</c> are write-only
/// (x-ms-secret): they move to <see cref="StoredResource.Secrets"/> and come back only from <c>getCallbackConfig</c>.
/// <c>ping</c> records an event that <c>listEvents</c> pages through; nothing is delivered over the network.
/// </summary>
internal sealed class WebhookType : ArmResourceType
{
    private const string ServiceUri = "serviceUri";
    private const string CustomHeaders = "customHeaders";
    private const string Events = "events";
    private static readonly string[] WebhookActions = ["push", "delete", "quarantine", "chart_push", "chart_delete"];

    [SetsRequiredMembers]
    public WebhookType(RegistryType registries)
    {
        Namespace = "Microsoft.ContainerRegistry";
        Segments = ["registries", "webhooks"];
        Parent = registries;
        ApiVersions = ContainerRegistryApiVersions.Registry;
        NameRule = new ArmNameRule(5, 50, "^[a-zA-Z0-9]*$");
        IsTracked = true;
        OperationPrefix = "webhooks";
        ReadOnlyPaths = ["properties.provisioningState"];
        Properties =
        [
            new("tags", ArmPropertyKind.Object),
            new("properties", ArmPropertyKind.Object, Required: true),
            new("properties.serviceUri", ArmPropertyKind.String),
            new("properties.customHeaders", ArmPropertyKind.Object),
            ArmPropertyRule.Enum("properties.status", false, "enabled", "disabled"),
            new("properties.scope", ArmPropertyKind.String),
            new("properties.actions", ArmPropertyKind.Array, Required: true),
        ];
        Defaults = JsonNode.Parse("""{ "properties": { "status": "enabled", "scope": "", "provisioningState": "" } }""")!.AsObject();
        Actions = new Dictionary<string, ArmAction>(StringComparer.OrdinalIgnoreCase)
        {
            ["getCallbackConfig"] = new("getCallbackConfig", "POST", GetCallbackConfig),
            ["ping"] = new("ping", "POST", Ping),
            ["listEvents"] = new("listEvents", "POST", ListEvents),
        };
    }

    public override void ValidateWrite(ArmWriteContext write)
    {
        var given = write.Body["properties"] as JsonObject;
        // WebhookCreateParameters (PUT) requires serviceUri; WebhookUpdateParameters (PATCH) does not.
        if (write.Request.Method == "PUT" && given?[ServiceUri] is null)
        {
            throw ArmErrors.InvalidContent("Required property 'serviceUri' not found in JSON. Path 'properties'", "properties.serviceUri");
        }

        if ((string?)(given?[ServiceUri] as JsonValue) is { } uri && !(Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"))
        {
            throw ArmErrors.InvalidContent($"The serviceUri '{uri}' is not an absolute http or https URI. Path 'properties.serviceUri'", "properties.serviceUri");
        }

        if (given?[CustomHeaders] is JsonObject headers && headers.FirstOrDefault(h => h.Value?.GetValueKind() != System.Text.Json.JsonValueKind.String) is { Key: not null } bad)
        {
            throw ArmErrors.InvalidContent($"Error converting value {bad.Value?.ToJsonString() ?? "null"} to type 'String'. Path 'properties.customHeaders.{bad.Key}'", "properties.customHeaders");
        }

        var actions = write.Resource["properties"]!["actions"]!.AsArray();
        for (var i = 0; i < actions.Count; i++)
        {
            var value = actions[i] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : null;
            actions[i] = WebhookActions.FirstOrDefault(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase))
                ?? throw ArmErrors.InvalidContent($"Error converting value {actions[i]?.ToJsonString() ?? "null"} to type 'WebhookAction'. Allowed values are '{string.Join("', '", WebhookActions)}'. Path 'properties.actions[{i.ToString(CultureInfo.InvariantCulture)}]'", "properties.actions");
        }
    }

    public override void CompleteBody(ArmWriteContext write)
    {
        var properties = write.Resource["properties"]!.AsObject();
        properties.Remove(ServiceUri);
        properties.Remove(CustomHeaders);
    }

    public override void AfterWrite(ArmWriteContext write, StoredResource stored)
    {
        var given = write.Body["properties"] as JsonObject;
        var replace = write.Request.Method == "PUT";
        if (given?[ServiceUri] is { } uri)
        {
            stored.Secrets[ServiceUri] = uri.DeepClone();
        }

        if (given?[CustomHeaders] is { } headers)
        {
            stored.Secrets[CustomHeaders] = headers.DeepClone();
        }
        else if (replace)
        {
            stored.Secrets.Remove(CustomHeaders);
        }

        stored.Secrets[Events] ??= new JsonArray();
    }

    private static ArmResult GetCallbackConfig(ArmRequestContext ctx, StoredResource webhook)
    {
        var body = new JsonObject { [ServiceUri] = webhook.Secrets[ServiceUri]?.DeepClone() };
        if (webhook.Secrets[CustomHeaders] is { } headers)
        {
            body[CustomHeaders] = headers.DeepClone();
        }

        return ArmResult.Ok(body);
    }

    private static ArmResult Ping(ArmRequestContext ctx, StoredResource webhook)
    {
        var id = Guid.NewGuid().ToString();
        var registry = ctx.Store.Get(webhook.Address.Parent!)!;
        var loginServer = (string?)registry.Body["properties"]?["loginServer"];
        var timestamp = ctx.Now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        var content = new JsonObject
        {
            ["id"] = id,
            ["timestamp"] = timestamp,
            ["action"] = "ping",
            // A ping concerns no image; the target keeps the push event's fields, empty, so readers see one event shape.
            ["target"] = new JsonObject
            {
                ["mediaType"] = string.Empty,
                ["size"] = 0,
                ["digest"] = string.Empty,
                ["length"] = 0,
                ["repository"] = string.Empty,
                ["url"] = string.Empty,
                ["tag"] = string.Empty,
            },
            ["request"] = new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["addr"] = string.Empty, ["host"] = loginServer, ["method"] = "POST", ["useragent"] = "acr-sandbox" },
            ["actor"] = new JsonObject(),
            ["source"] = new JsonObject { ["addr"] = loginServer, ["instanceID"] = Guid.NewGuid().ToString() },
        };
        var headers = new JsonObject
        {
            ["Content-Type"] = "application/json",
            ["Content-Length"] = Encoding.UTF8.GetByteCount(content.ToJsonString()).ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (name, _) in webhook.Secrets[CustomHeaders]?.AsObject() ?? [])
        {
            // Header values are secrets too; ACR shows them masked in event history.
            headers[name] = "******";
        }

        var events = webhook.Secrets[Events]!.AsArray();
        events.Insert(0, new JsonObject
        {
            ["id"] = id,
            ["eventRequestMessage"] = new JsonObject
            {
                ["content"] = content,
                ["headers"] = headers,
                ["method"] = "POST",
                ["requestUri"] = webhook.Secrets[ServiceUri]?.DeepClone(),
                ["version"] = "1.1",
            },
            // The emulator does not call the service; the response says so rather than inventing a 200.
            ["eventResponseMessage"] = new JsonObject
            {
                ["headers"] = new JsonObject { ["Content-Length"] = "0" },
                ["reasonPhrase"] = "Not delivered by the emulator",
                ["statusCode"] = "0",
                ["version"] = "1.1",
            },
        });
        return ArmResult.Ok(new JsonObject { ["id"] = id });
    }

    private static ArmResult ListEvents(ArmRequestContext ctx, StoredResource webhook)
    {
        var events = webhook.Secrets[Events]?.AsArray() ?? [];
        var skip = int.TryParse(ctx.Query("$skipToken"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        var size = Math.Max(1, ctx.Runtime.Options.PageSize);
        var body = new JsonObject { ["value"] = new JsonArray([.. events.Skip(skip).Take(size).Select(e => e!.DeepClone())]) };
        if (skip + size < events.Count)
        {
            body["nextLink"] = $"{ctx.BaseUri.GetLeftPart(UriPartial.Authority)}{ctx.RequestPath}?api-version={Uri.EscapeDataString(ctx.ApiVersion)}&%24skipToken={(skip + size).ToString(CultureInfo.InvariantCulture)}";
        }

        return ArmResult.Ok(body);
    }
}
