using AcrOperator.Runtime.Kube;
using k8s.Models;

namespace AcrOperator.Tests.Runtime;

public sealed class LabelSelectorMatcherTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["team"] = "payments", ["tier"] = "prod" };

    [Fact]
    public void An_empty_selector_matches_everything_and_matchLabels_needs_every_pair()
    {
        Assert.True(LabelSelectorMatcher.Matches(new V1LabelSelector(), null));
        Assert.True(LabelSelectorMatcher.Matches(new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["team"] = "payments" } }, Labels));
        Assert.False(LabelSelectorMatcher.Matches(new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["team"] = "payments", ["tier"] = "dev" } }, Labels));
        Assert.False(LabelSelectorMatcher.Matches(new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["team"] = "payments" } }, null));
    }

    [Theory]
    [InlineData("In", "team", "payments,search", true)]
    [InlineData("In", "team", "search", false)]
    [InlineData("In", "missing", "x", false)]
    [InlineData("NotIn", "team", "search", true)]
    [InlineData("NotIn", "team", "payments", false)]
    [InlineData("NotIn", "missing", "x", true)]
    [InlineData("Exists", "tier", "", true)]
    [InlineData("Exists", "missing", "", false)]
    [InlineData("DoesNotExist", "missing", "", true)]
    [InlineData("DoesNotExist", "tier", "", false)]
    public void Expressions_follow_the_API_servers_semantics(string op, string key, string values, bool matches)
    {
        var selector = new V1LabelSelector
        {
            MatchExpressions = [new V1LabelSelectorRequirement { Key = key, OperatorProperty = op, Values = values.Length == 0 ? null : values.Split(',') }],
        };

        Assert.Null(LabelSelectorMatcher.Validate(selector));
        Assert.Equal(matches, LabelSelectorMatcher.Matches(selector, Labels));
    }

    [Fact]
    public void Malformed_expressions_are_reported_and_match_nothing()
    {
        var unknown = new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "team", OperatorProperty = "Like", Values = ["pay*"] }] };
        var noValues = new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "team", OperatorProperty = "In" }] };

        Assert.Contains("unknown operator", LabelSelectorMatcher.Validate(unknown), StringComparison.Ordinal);
        Assert.Contains("at least one value", LabelSelectorMatcher.Validate(noValues), StringComparison.Ordinal);
        Assert.False(LabelSelectorMatcher.Matches(unknown, Labels));
    }
}
