using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>Which base images' updates start a run.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BaseImageTriggerType>))]
public enum BaseImageTriggerType
{
    /// <summary>Any base image, including those of build stages.</summary>
    All,

    /// <summary>Only the base image of the final (runtime) stage.</summary>
    Runtime,
}
