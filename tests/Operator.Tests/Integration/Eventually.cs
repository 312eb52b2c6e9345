namespace AcrOperator.Tests.Integration;

/// <summary>Polls a condition that another process or thread makes true; fails after a generous bound.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, int timeoutSeconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"condition not reached within {timeoutSeconds} s");
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }
    }

    /// <param name="describe">What was seen instead, for the failure message (e.g. the last status read).</param>
    public static async Task TrueAsync(Func<Task<bool>> condition, int timeoutSeconds = 15, Func<string>? describe = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"condition not reached within {timeoutSeconds} s{(describe is null ? string.Empty : "; last seen: " + describe())}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
