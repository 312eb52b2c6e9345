using Azure.Core;

namespace AcrOperator.Azure;

/// <summary>Azure.Core client options carrying the operator's retry, timeout and transport settings.</summary>
internal sealed class ArmClientOptions : ClientOptions;
