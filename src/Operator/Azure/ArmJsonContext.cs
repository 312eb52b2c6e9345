using System.Text.Json;
using System.Text.Json.Serialization;

namespace AcrOperator.Azure;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ArmOperation))]
internal sealed partial class ArmJsonContext : JsonSerializerContext;
