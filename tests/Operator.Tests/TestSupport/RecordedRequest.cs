namespace AcrOperator.Tests.TestSupport;

public sealed record RecordedRequest(string Method, string PathAndQuery, string? ContentType, string Accept, string Body);
