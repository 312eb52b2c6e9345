using AcrOperator.Runtime.Queue;

namespace AcrOperator.Tests.Runtime;

public sealed class ExponentialBackoffRateLimiterTests
{
    [Fact]
    public void Doubles_from_750_ms_and_caps_at_15_minutes_without_ever_dropping_the_key()
    {
        var limiter = new ExponentialBackoffRateLimiter<string>();

        var delays = Enumerable.Range(0, 30).Select(_ => limiter.NextDelay("a")).ToList();

        Assert.Equal(TimeSpan.FromMilliseconds(750), delays[0]);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), delays[1]);
        Assert.Equal(TimeSpan.FromMilliseconds(3000), delays[2]);
        Assert.Equal(TimeSpan.FromMilliseconds(750 * 1024), delays[10]);
        Assert.Equal(TimeSpan.FromMinutes(15), delays[11]);
        Assert.All(delays.Skip(11), d => Assert.Equal(TimeSpan.FromMinutes(15), d));
        Assert.Equal(30, limiter.Retries("a"));
    }

    [Fact]
    public void Keys_back_off_independently_and_forget_resets_one()
    {
        var limiter = new ExponentialBackoffRateLimiter<string>();
        limiter.NextDelay("a");
        limiter.NextDelay("a");

        Assert.Equal(TimeSpan.FromMilliseconds(750), limiter.NextDelay("b"));

        limiter.Forget("a");
        Assert.Equal(0, limiter.Retries("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(750), limiter.NextDelay("a"));
    }

    [Fact]
    public void Survives_thousands_of_failures_without_overflow()
    {
        var limiter = new ExponentialBackoffRateLimiter<string>(TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1));
        TimeSpan last = default;
        for (var i = 0; i < 5000; i++)
        {
            last = limiter.NextDelay("a");
        }

        Assert.Equal(TimeSpan.FromHours(1), last);
    }
}
