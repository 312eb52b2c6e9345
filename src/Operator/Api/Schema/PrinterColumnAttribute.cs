namespace AcrOperator.Api.Schema;

/// <summary>
/// A kind-specific <c>kubectl get</c> column. The generator puts these between the columns every kind
/// shares (Ready and Reason first, Age last), in <see cref="Order"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class PrinterColumnAttribute(int order, string name, string jsonPath) : Attribute
{
    public int Order { get; } = order;

    public string Name { get; } = name;

    public string JsonPath { get; } = jsonPath;

    /// <summary>The OpenAPI type of the column: string, integer, number, boolean or date.</summary>
    public string Type { get; init; } = "string";

    public string? Description { get; init; }

    /// <summary>0 shows the column always; higher values only with <c>kubectl get -o wide</c>.</summary>
    public int Priority { get; init; }
}
