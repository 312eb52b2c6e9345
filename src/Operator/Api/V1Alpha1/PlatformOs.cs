using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>The operating system a task builds for and runs on.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PlatformOs>))]
public enum PlatformOs
{
    Linux,
    Windows,
}
