using AcrOperator.Runtime.Status;
using k8s.Models;

namespace AcrOperator.Tests.Runtime;

public sealed class ConditionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 10, 0, 0, 400, TimeSpan.Zero);

    [Fact]
    public void A_new_condition_gets_a_transition_time_at_second_precision()
    {
        var list = new List<V1Condition>();

        Assert.True(Conditions.Set(list, "Ready", Conditions.False, "Creating", "creating the registry", 1, T0));

        var ready = Assert.Single(list);
        Assert.Equal(new DateTime(2026, 11, 27, 10, 0, 0, DateTimeKind.Utc), ready.LastTransitionTime);
        Assert.Equal(1, ready.ObservedGeneration);
    }

    [Fact]
    public void The_transition_time_moves_only_when_the_status_flips()
    {
        var list = new List<V1Condition>();
        Conditions.Set(list, "Ready", Conditions.False, "Creating", "creating", 1, T0);

        Assert.True(Conditions.Set(list, "Ready", Conditions.False, "Updating", "updating sku", 2, T0.AddMinutes(5)));
        Assert.Equal(T0.UtcDateTime.AddMilliseconds(-400), list[0].LastTransitionTime);
        Assert.Equal("Updating", list[0].Reason);
        Assert.Equal(2, list[0].ObservedGeneration);

        Assert.True(Conditions.Set(list, "Ready", Conditions.True, "Succeeded", "ready", 2, T0.AddMinutes(7)));
        Assert.Equal(T0.UtcDateTime.AddMilliseconds(-400).AddMinutes(7), list[0].LastTransitionTime);
    }

    [Fact]
    public void Setting_the_same_values_again_reports_no_change()
    {
        var list = new List<V1Condition>();
        Conditions.Set(list, "Ready", Conditions.True, "Succeeded", "ready", 3, T0);

        Assert.False(Conditions.Set(list, "Ready", Conditions.True, "Succeeded", "ready", 3, T0.AddHours(1)));
        Assert.Equal(T0.UtcDateTime.AddMilliseconds(-400), list[0].LastTransitionTime);
    }

    [Fact]
    public void Find_IsTrue_and_Remove_work_by_type()
    {
        var list = new List<V1Condition>();
        Conditions.Set(list, "Ready", Conditions.True, "Succeeded", "ready", 1, T0);
        Conditions.Set(list, "Stalled", Conditions.True, "InvalidSpec", "bad sku", 1, T0);

        Assert.True(Conditions.IsTrue(list, "Ready"));
        Assert.False(Conditions.IsTrue(list, "Reconciling"));
        Assert.True(Conditions.Remove(list, "Stalled"));
        Assert.False(Conditions.Remove(list, "Stalled"));
        Assert.Null(Conditions.Find(list, "Stalled"));
    }

    [Fact]
    public void A_status_other_than_True_False_or_Unknown_is_refused()
        => Assert.Throws<ArgumentOutOfRangeException>(() => Conditions.Set([], "Ready", "true", "X", "y", 1, T0));
}
