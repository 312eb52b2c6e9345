namespace AcrOperator.Sandbox.Tests.KubeApi;

/// <summary>Polls for what asynchronous controllers (garbage collector, namespace controller) get to.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }
}
