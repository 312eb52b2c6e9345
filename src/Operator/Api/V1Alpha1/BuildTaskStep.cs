using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using AcrOperator.Api.Schema;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>
/// What a task does: exactly one of a Docker build, an inline (encoded) task or a task file. A field per
/// variant, rather than ARM's <c>type</c> discriminator, lets the schema describe each variant fully.
/// </summary>
[CelRule(
    "(has(self.docker) ? 1 : 0) + (has(self.encoded) ? 1 : 0) + (has(self.file) ? 1 : 0) == 1",
    Message = "step must set exactly one of docker, encoded or file")]
[CelRule(
    "has(self.encoded) || has(self.contextPath)",
    Message = "contextPath is required for docker and file steps (use /dev/null for a file task without context)",
    FieldPath = ".contextPath")]
[CelRule(
    "!has(self.contextAccessTokenSecretRef) || has(self.contextPath)",
    Message = "contextAccessTokenSecretRef needs a contextPath to read",
    FieldPath = ".contextAccessTokenSecretRef")]
public sealed class BuildTaskStep
{
    [Description("The build context: a git repository URL (optionally #branch:folder), a tarball URL, or /dev/null for none.")]
    [StringLength(2048, MinimumLength = 1)]
    [JsonPropertyName("contextPath")]
    public string? ContextPath { get; set; }

    [Description("A Secret key holding the token that reads the context, e.g. a GitHub personal access token.")]
    [JsonPropertyName("contextAccessTokenSecretRef")]
    public SecretKeyRef? ContextAccessTokenSecretRef { get; set; }

    [Description("Build one Dockerfile.")]
    [JsonPropertyName("docker")]
    public DockerBuildStep? Docker { get; set; }

    [Description("Run a multi-step task given inline, base64-encoded.")]
    [JsonPropertyName("encoded")]
    public EncodedTaskStep? Encoded { get; set; }

    [Description("Run a multi-step task from a file in the context.")]
    [JsonPropertyName("file")]
    public FileTaskStep? File { get; set; }
}
