using AcrOperator.Azure;

namespace AcrOperator.Controllers;

/// <summary>A PATCH to send: the spec fields it carries (named in events and logs, never their values) and how to start it.</summary>
public sealed record AzureUpdate<T>(IReadOnlyList<string> Fields, Func<CancellationToken, Task<ArmPollResult<T>>> SendAsync)
    where T : class;
