using System.Text;
using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi.Http;

/// <summary>The opaque list continuation, shaped like the apiserver's: base64 of <c>{"v":"meta.k8s.io/v1","rv":N,"start":"key\u0000"}</c>.</summary>
internal static class ContinueToken
{
    public static string Encode(long revision, string lastKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = revision, ["start"] = lastKey + "\u0000" }.ToJsonString()))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static (long Revision, string AfterKey) Decode(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var json = JsonNode.Parse(Convert.FromBase64String(base64))!;
            var start = json["start"]!.GetValue<string>();
            return (json["rv"]!.GetValue<long>(), start.TrimEnd('\u0000'));
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or NullReferenceException or InvalidOperationException)
        {
            throw ApiException.BadRequest("continue key is not valid: " + e.Message);
        }
    }
}
