using AcrOperator.Sandbox.Diagnostics;

namespace AcrOperator.Sandbox.KubeApi.Diagnostics;

/// <summary>
/// The requests the Kubernetes emulator received (method, path, query, and the answer's status), e.g. to see which
/// label selector a client's watches use. A watch is recorded when it arrives, with status 0, since it answers for as
/// long as it streams.
/// </summary>
public sealed class KubeRequestLog : RequestLog<KubeRequestLogEntry>
{
    internal KubeRequestLog(int capacity)
        : base(capacity)
    {
    }
}
