using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>The service hosting a source trigger's repository.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SourceControlType>))]
public enum SourceControlType
{
    Github,
    VisualStudioTeamService,
}
