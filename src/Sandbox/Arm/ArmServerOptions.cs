namespace AcrOperator.Sandbox.Arm;

/// <summary>Settings of the Azure Resource Manager emulator.</summary>
public sealed class ArmServerOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Where the CA certificate (<c>ca.pem</c>) is written; a fresh temporary directory when null.</summary>
    public string? CertificateDirectory { get; init; }

    /// <summary>The clock for timestamps, long-running operations and token-bucket refills (fake in tests).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Completion style used where no per-type, per-method style is set.</summary>
    public ArmCompletionStyle DefaultCompletion { get; init; } = ArmCompletionStyle.Synchronous;

    /// <summary>How long an asynchronous operation stays in progress before it succeeds.</summary>
    public TimeSpan OperationDuration { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The <c>Retry-After</c> (seconds) sent with 201/202 responses of asynchronous operations (ACR sends 10).</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>How long a scheduled ACR run stays Queued before it is Running.</summary>
    public TimeSpan RunQueueTime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an ACR run stays Running before it Succeeds or Fails.</summary>
    public TimeSpan RunExecutionTime { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Token buckets per subscription; null turns throttling off (the headers are still sent).</summary>
    public ArmThrottleOptions? Throttling { get; init; } = new();

    /// <summary>Seed of the random source that decides rate-based faults, so a test run is repeatable.</summary>
    public int? FaultSeed { get; init; }

    /// <summary>Items per page of list responses; further pages are reached through <c>nextLink</c>.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>How many requests the request log keeps (oldest dropped first).</summary>
    public int RequestLogCapacity { get; init; } = 100_000;

    /// <summary>Lifetime of ACR refresh tokens from the data plane's <c>/oauth2/exchange</c> (Learn gives 3 h for <c>az acr login</c>).</summary>
    public TimeSpan RefreshTokenLifetime { get; init; } = TimeSpan.FromHours(3);

    /// <summary>Lifetime of ACR access tokens from the data plane's <c>/oauth2/token</c> (75 min in the documented example).</summary>
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromMinutes(75);
}
