using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi.Schema;

/// <summary>
/// One validation failure, as apimachinery's field.Error: <see cref="Type"/> is the cause reason
/// (FieldValueRequired, FieldValueInvalid, FieldValueTypeInvalid, FieldValueNotSupported, FieldValueForbidden,
/// FieldValueDuplicate, FieldValueTooLong, FieldValueTooMany, FieldValueNotFound, InternalError), <see cref="Field"/>
/// the dotted path (<c>spec.sku</c>, <c>spec.rules[0].name</c>) and <see cref="Message"/> the full text the API
/// server puts in a Status cause, e.g. <c>Unsupported value: "Gold": supported values: "Basic", "Premium"</c>.
/// </summary>
public sealed record FieldError(string Type, string Field, string Message, JsonNode? BadValue = null)
{
    /// <summary>The aggregated form used in Invalid messages: <c>spec.sku: Unsupported value: ...</c>.</summary>
    public override string ToString() => Field.Length == 0 ? Message : $"{Field}: {Message}";
}
