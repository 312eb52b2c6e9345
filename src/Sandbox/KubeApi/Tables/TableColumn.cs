using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi.Tables;

/// <summary>One column of a Table: its definition and how a row's cell is computed from the object.</summary>
internal sealed record TableColumn(string Name, string Type, string Format, string Description, int Priority, Func<JsonObject, JsonNode?> Cell);
