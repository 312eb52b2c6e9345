using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AcrOperator.Sandbox.Arm.Http;
using AcrOperator.Sandbox.Arm.Resources;

namespace AcrOperator.Sandbox.Arm.Providers.ContainerRegistry;

/// <summary>
/// <c>Microsoft.ContainerRegistry/registries/scopeMaps</c>: user maps with validated actions, and the system maps
/// ACR gives every registry, which can be read but not changed or deleted.
/// </summary>
internal sealed partial class ScopeMapType : ArmResourceType
{
    public const string UserDefined = "UserDefined";
    public const string SystemDefined = "SystemDefined";

    /// <summary>The built-in maps with the descriptions and actions <c>az acr scope-map list</c> shows for them.</summary>
    public static readonly IReadOnlyList<(string Name, string Description, string[] Actions)> SystemMaps =
    [
        ("_repositories_admin", "Can perform all read, write and delete operations on the registry",
            ["repositories/*/metadata/read", "repositories/*/metadata/write", "repositories/*/content/read", "repositories/*/content/write", "repositories/*/content/delete"]),
        ("_repositories_pull", "Can pull any repository of the registry", ["repositories/*/content/read"]),
        ("_repositories_push", "Can push to any repository of the registry", ["repositories/*/content/read", "repositories/*/content/write"]),
    ];

    [SetsRequiredMembers]
    public ScopeMapType(RegistryType registries)
    {
        Namespace = "Microsoft.ContainerRegistry";
        Segments = ["registries", "scopeMaps"];
        Parent = registries;
        ApiVersions = ContainerRegistryApiVersions.Registry;
        NameRule = new ArmNameRule(5, 50, "^[a-zA-Z0-9-_]*$");
        OperationPrefix = "scopemaps";
        ReadOnlyPaths = ["properties.type", "properties.creationDate", "properties.provisioningState"];
        Properties =
        [
            new("properties", ArmPropertyKind.Object, Required: true),
            new("properties.description", ArmPropertyKind.String),
            new("properties.actions", ArmPropertyKind.Array, Required: true),
        ];
        Defaults = JsonNode.Parse("""{ "properties": { "creationDate": "", "type": "UserDefined", "provisioningState": "" } }""")!.AsObject();
    }

    public static bool IsSystem(StoredResource scopeMap) => (string?)scopeMap.Body["properties"]?["type"] == SystemDefined;

    /// <summary>The repository actions (<c>repositories/&lt;repo&gt;/content/read</c>...) a map grants, as (repository pattern, action).</summary>
    public static IEnumerable<(string Repository, string Action)> Grants(StoredResource scopeMap) =>
        (scopeMap.Body["properties"]?["actions"]?.AsArray() ?? [])
            .Select(a => RepositoryAction().Match((string?)a ?? string.Empty))
            .Where(m => m.Success)
            .Select(m => (m.Groups["repo"].Value, Canonical(m.Groups["action"].Value)));

    public override void ValidateWrite(ArmWriteContext write)
    {
        if (write.Existing is { } existing && IsSystem(existing))
        {
            throw SystemMapFixed(existing.Name, "changed");
        }

        if (write.IsCreate && write.Address.Name.StartsWith('_'))
        {
            // ACR keeps the underscore prefix for its own maps.
            throw new ArmException(HttpStatusCode.BadRequest, "OperationNotAllowed", $"The scope map name '{write.Address.Name}' is reserved: names starting with '_' belong to system scope maps.", "name");
        }

        var actions = write.Resource["properties"]!["actions"]!.AsArray();
        if (actions.Count == 0)
        {
            throw InvalidActions("At least one action is required.");
        }

        foreach (var action in actions)
        {
            if (action is not JsonValue value || value.GetValueKind() != System.Text.Json.JsonValueKind.String || !IsValidAction(value.GetValue<string>()))
            {
                throw InvalidActions($"The action '{action?.ToJsonString()}' is invalid. Actions have the form 'repositories/<repository>/<content/read|content/write|content/delete|metadata/read|metadata/write>' or 'gateway/<connected registry>/<config/read|config/write|message/read|message/write>'.");
            }
        }
    }

    public override void CompleteBody(ArmWriteContext write)
    {
        var properties = write.Resource["properties"]!.AsObject();
        properties["creationDate"] = write.Existing?.Body["properties"]?["creationDate"]?.DeepClone()
            ?? write.Request.Now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
    }

    public override void ValidateDelete(ArmRequestContext request, StoredResource resource)
    {
        if (IsSystem(resource))
        {
            throw SystemMapFixed(resource.Name, "deleted");
        }
    }

    private static bool IsValidAction(string action) => RepositoryAction().IsMatch(action) || GatewayAction().IsMatch(action);

    // The spec's own examples use the older spellings contentWrite, contentRead and delete; ACR maps them to the new ones.
    private static string Canonical(string action) => action switch
    {
        "contentRead" => "content/read",
        "contentWrite" => "content/write",
        "delete" => "content/delete",
        "metadataRead" => "metadata/read",
        "metadataWrite" => "metadata/write",
        _ => action,
    };

    private static ArmException InvalidActions(string message) => new(HttpStatusCode.BadRequest, "InvalidScopeMapActions", message, "properties.actions");

    private static ArmException SystemMapFixed(string name, string what) => new(
        HttpStatusCode.BadRequest,
        "OperationNotAllowed",
        $"The scope map '{name}' is a system scope map and cannot be {what}.");

    [GeneratedRegex("^repositories/(?<repo>[a-z0-9*][a-z0-9._/*-]*)/(?<action>content/read|content/write|content/delete|metadata/read|metadata/write|contentRead|contentWrite|delete|metadataRead|metadataWrite)$", RegexOptions.CultureInvariant)]
    private static partial Regex RepositoryAction();

    [GeneratedRegex("^gateway/[a-zA-Z0-9]{5,50}/(config/read|config/write|message/read|message/write)$", RegexOptions.CultureInvariant)]
    private static partial Regex GatewayAction();
}
