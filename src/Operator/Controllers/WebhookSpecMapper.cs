using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using static AcrOperator.Controllers.SpecValues;

namespace AcrOperator.Controllers;

/// <summary>
/// Turns a Webhook spec and the callback its Secrets hold into ARM's models: the full definition for a create, and
/// for an existing webhook only what differs. The callback is compared with what getCallbackConfig returns (GET never
/// shows it) and sent whole when the URI or any header differs. An unset scope means every repository, so it is managed
/// as empty; unset tags are not managed.
/// </summary>
public static class WebhookSpecMapper
{
    /// <summary>The webhook's name in Azure: <c>spec.azureName</c>, else the resource's name without dashes.</summary>
    public static string AzureName(Webhook webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        return webhook.Spec.AzureName is { Length: > 0 } name ? name : webhook.Metadata.Name.Replace("-", "", StringComparison.Ordinal);
    }

    public static ArmWebhookDefinition ToDefinition(WebhookSpec spec, ArmWebhookCallbackConfig callback, string location)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new ArmWebhookDefinition
        {
            Location = location,
            Callback = callback,
            Actions = Actions(spec),
            Tags = Tags(spec.Tags),
            Enabled = spec.Enabled,
            Scope = spec.Scope ?? "",
        };
    }

    /// <summary>The PATCH that makes the webhook match; empty when it already does.</summary>
    public static ArmWebhookUpdate Diff(WebhookSpec spec, ArmWebhookCallbackConfig callback, ArmWebhook observed, ArmWebhookCallbackConfig actual)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(actual);
        var actions = Actions(spec);
        var scope = spec.Scope ?? "";
        return new ArmWebhookUpdate
        {
            Callback = SameCallback(callback, actual) ? null : callback,
            Actions = actions.ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(observed.Actions) ? null : actions,
            Tags = Tags(spec.Tags, observed.Tags),
            Enabled = Differs(spec.Enabled, observed.Enabled),
            Scope = string.Equals(scope, observed.Scope, StringComparison.Ordinal) ? null : scope,
        };
    }

    /// <summary>The spec fields an update carries, for events and logs; the callback is named by the Secrets it comes from.</summary>
    public static IReadOnlyList<string> Fields(ArmWebhookUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return [.. new (object? Value, string Name)[]
        {
            (update.Callback, "serviceUriSecretRef/customHeadersSecretRef"),
            (update.Actions, "actions"),
            (update.Tags, "tags"),
            (update.Enabled, "enabled"),
            (update.Scope, "scope"),
        }.Where(f => f.Value is not null).Select(f => f.Name)];
    }

    private static List<string> Actions(WebhookSpec spec) => [.. spec.Actions.Distinct().Select(a => a switch
    {
        WebhookAction.Push => "push",
        WebhookAction.Delete => "delete",
        WebhookAction.Quarantine => "quarantine",
        WebhookAction.ChartPush => "chart_push",
        _ => "chart_delete",
    })];

    // Header names are case-insensitive in HTTP; values and the URI (which may hold a token) compare exactly.
    private static bool SameCallback(ArmWebhookCallbackConfig wanted, ArmWebhookCallbackConfig actual) =>
        string.Equals(wanted.ServiceUri, actual.ServiceUri, StringComparison.Ordinal)
        && wanted.CustomHeaders.Count == actual.CustomHeaders.Count
        && wanted.CustomHeaders.All(h => actual.CustomHeaders.FirstOrDefault(a => string.Equals(a.Key, h.Key, StringComparison.OrdinalIgnoreCase)) is { Key: not null } match
            && string.Equals(match.Value, h.Value, StringComparison.Ordinal));
}
