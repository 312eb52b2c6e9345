namespace AcrOperator.Tests.Api;

/// <summary>
/// Timer trigger schedules in the BuildTask schema: the pattern refuses what is not five cron fields; values out of
/// range pass it and are the reconciler's to refuse (BuildTaskReconcilerTests).
/// </summary>
public sealed class BuildTaskScheduleSchemaTests
{
    [Theory]
    [InlineData("0 2 * * *", true)]
    [InlineData("*/15 8-18 * JAN-MAR MON-FRI", true)]
    [InlineData("61 2 * * *", true)]
    [InlineData("0 2 * *", false)]
    [InlineData("0 2 * * * 2026", false)]
    [InlineData("@daily x y z w", false)]
    [InlineData("0 2 * * ?; rm", false)]
    public void The_pattern_admits_five_cron_fields_only(string schedule, bool admitted)
    {
        var sample = ApiFixtures.Sample("acr_v1alpha1_buildtask.yaml");
        var timers = (List<object?>)((Dictionary<string, object?>)((Dictionary<string, object?>)sample["spec"]!)["triggers"]!)["timerTriggers"]!;
        ((Dictionary<string, object?>)timers[0]!)["schedule"] = schedule;

        var errors = ApiFixtures.StructuralSchemaOf(sample).Validate(ApiFixtures.Json(sample), old: null).Select(e => e.ToString()).ToList();

        Assert.Equal(admitted, errors.Count == 0);
        if (!admitted)
        {
            Assert.Contains(errors, e => e.StartsWith("spec.triggers.timerTriggers[0].schedule: Invalid value:", StringComparison.Ordinal) && e.Contains("should match", StringComparison.Ordinal));
        }
    }
}
