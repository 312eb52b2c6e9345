using System.Text.Json.Nodes;
using AcrOperator.Sandbox.Arm.Http;
using AcrOperator.Sandbox.Arm.Resources;

namespace AcrOperator.Sandbox.Arm.Providers.ContainerRegistry;

/// <summary>
/// Builds the Microsoft.ContainerRegistry rows of the resource-type table. A new type (webhooks, scope maps,
/// tokens, tasks, runs) is a sealed <see cref="ArmResourceType"/> subclass with <c>Parent = registries</c>, its
/// name rule, api-versions, property rules, read-only/create-only paths, defaults and actions, plus hooks for
/// what the spec does not encode (secrets in <see cref="StoredResource.Secrets"/>, <c>Present</c> to hide them);
/// add it to <c>provider.Types</c> here and routing, validation, LRO styles, throttling and faults apply.
/// </summary>
internal static class ContainerRegistryProvider
{
    public const string Namespace = "Microsoft.ContainerRegistry";

    public static ArmProvider Create()
    {
        var provider = new ArmProvider(Namespace);
        var registries = new RegistryType();
        var replications = new ReplicationType(registries);
        var scopeMaps = new ScopeMapType(registries);
        var tokens = new TokenType(registries, scopeMaps);
        var tasks = new TaskType(registries);
        var runs = new RunType(registries, tasks);
        registries.Replications = replications;
        registries.ScopeMaps = scopeMaps;
        registries.Tokens = tokens;
        registries.Runs = runs;
        provider.Types.Add(registries);
        provider.Types.Add(replications);
        provider.Types.Add(new WebhookType(registries));
        provider.Types.Add(scopeMaps);
        provider.Types.Add(tokens);
        provider.Types.Add(tasks);
        provider.Types.Add(runs);
        provider.SubscriptionActions["checkNameAvailability"] = new("checkNameAvailability", "POST", ctx => CheckNameAvailability(ctx, registries));
        return provider;
    }

    private static ArmResult CheckNameAvailability(ArmRequestContext ctx, RegistryType registries)
    {
        var body = ctx.RequireObjectBody();
        if (body["name"] is not JsonValue nameValue || nameValue.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            throw ArmErrors.InvalidContent("Required property 'name' not found in JSON. Path ''", "name");
        }

        if (!string.Equals((string?)body["type"], registries.FullType, StringComparison.OrdinalIgnoreCase))
        {
            throw ArmErrors.InvalidContent($"Required property 'type' must be '{registries.FullType}'. Path 'type'", "type");
        }

        var name = nameValue.GetValue<string>();
        if (!registries.NameRule.IsValid(name) || string.Equals(name, "Microsoft", StringComparison.OrdinalIgnoreCase))
        {
            return ArmResult.Ok(new JsonObject
            {
                ["nameAvailable"] = false,
                ["reason"] = "Invalid",
                ["message"] = registries.NameRule.IsValid(name)
                    ? "The specified resource name is disallowed."
                    : "The registry name must contain only alphanumeric characters, be globally unique, and between 5 and 50 characters in length.",
            });
        }

        return ctx.Store.OfType(registries).Any(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
            ? ArmResult.Ok(new JsonObject { ["nameAvailable"] = false, ["reason"] = "AlreadyExists", ["message"] = $"The registry {name} is already in use." })
            : ArmResult.Ok(new JsonObject { ["nameAvailable"] = true });
    }
}
