using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using AcrOperator.Controllers;

namespace AcrOperator.Tests.Controllers;

/// <summary>What a Webhook spec sends, and what counts as a difference worth a PATCH.</summary>
public sealed class WebhookSpecMapperTests
{
    private static readonly ArmWebhook Observed = new()
    {
        Id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/r/webhooks/hook",
        Name = "hook",
        Location = "westus",
        Actions = ["push", "chart_push"],
        Scope = "",
        Enabled = true,
        Tags = new Dictionary<string, string> { ["team"] = "one" },
    };

    private static readonly ArmWebhookCallbackConfig Callback = new("https://ci.example.com/x?token=1", new Dictionary<string, string> { ["Authorization"] = "Bearer 1" });

    [Fact]
    public void Equal_actions_in_another_order_header_names_in_another_case_and_an_unset_scope_are_no_difference()
    {
        var spec = new WebhookSpec { Actions = [WebhookAction.ChartPush, WebhookAction.Push], Enabled = true, Tags = new Dictionary<string, string> { ["team"] = "one" } };
        var actual = new ArmWebhookCallbackConfig(Callback.ServiceUri, new Dictionary<string, string> { ["authorization"] = "Bearer 1" });

        Assert.True(WebhookSpecMapper.Diff(spec, Callback, Observed, actual).IsEmpty);
    }

    [Fact]
    public void A_header_value_a_removed_header_or_a_scope_differing_is_sent_and_named_without_values()
    {
        var spec = new WebhookSpec { Actions = [WebhookAction.Push, WebhookAction.ChartPush], Scope = "app:*" };
        var actual = new ArmWebhookCallbackConfig(Callback.ServiceUri, new Dictionary<string, string> { ["Authorization"] = "Bearer 1", ["X-Old"] = "gone" });

        var update = WebhookSpecMapper.Diff(spec, Callback, Observed, actual);

        Assert.Same(Callback, update.Callback);
        Assert.Equal("app:*", update.Scope);
        Assert.Null(update.Actions);
        Assert.Null(update.Tags);
        Assert.Equal(["serviceUriSecretRef/customHeadersSecretRef", "scope"], WebhookSpecMapper.Fields(update));
        Assert.DoesNotContain("token", update.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("payments-deploy", null, "paymentsdeploy")]
    [InlineData("payments-deploy", "customname", "customname")]
    public void The_Azure_name_is_azureName_else_the_name_without_dashes(string name, string? azureName, string expected)
    {
        var webhook = new Webhook { Metadata = new() { Name = name }, Spec = new WebhookSpec { AzureName = azureName } };

        Assert.Equal(expected, WebhookSpecMapper.AzureName(webhook));
    }
}
