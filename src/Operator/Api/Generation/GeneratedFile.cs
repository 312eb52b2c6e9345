namespace AcrOperator.Api.Generation;

/// <summary>A generated file: its name within the output directory and its exact content.</summary>
public sealed record GeneratedFile(string FileName, string Content);
