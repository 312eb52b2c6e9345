namespace AcrOperator.Sandbox.KubeApi.Model;

/// <summary>An additionalPrinterColumn of a CRD (or a built-in default column such as Name or Age).</summary>
public sealed record PrinterColumn(string Name, string Type, string JsonPath, string? Description = null, string? Format = null, int Priority = 0);
