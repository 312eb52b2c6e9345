using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AcrOperator.Sandbox.Arm.Http;
using AcrOperator.Sandbox.Arm.Resources;

namespace AcrOperator.Sandbox.Arm.Providers.ContainerRegistry;

/// <summary>
/// <c>POST registries/{r}/importImage</c> (ImportImageParameters): validates the source, target tags and mode, then
/// records the target <c>repository:tag</c>s in the registry's <see cref="StoredResource.Secrets"/>; no image moves.
/// Long-running with <c>final-state-via: location</c>, so it answers 200 or 202 + <c>Location</c>
/// (<see cref="ArmResourceOperations.RunAction"/>). Sources are taken on trust: a source registry outside the emulator
/// (another subscription, Docker Hub) cannot be checked.
/// </summary>
internal static partial class ImageImport
{
    private const string ImagesKey = "images";
    private static readonly string[] Modes = ["NoForce", "Force"];

    public static ArmResult Import(ArmRequestContext ctx, StoredResource registry)
    {
        var body = ctx.RequireObjectBody();
        var source = body["source"] as JsonObject
            ?? throw ArmErrors.InvalidContent("Required property 'source' not found in JSON. Path ''", "source");
        var sourceImage = String(source, "sourceImage", "source.sourceImage", required: true)!;
        var resourceId = String(source, "resourceId", "source.resourceId", required: false);
        var registryUri = String(source, "registryUri", "source.registryUri", required: false);
        if (resourceId is null && registryUri is null)
        {
            throw InvalidParameter("The source needs 'resourceId' (an Azure container registry) or 'registryUri' (any registry).", "source");
        }

        if (resourceId is not null && !RegistryId().IsMatch(resourceId))
        {
            throw InvalidParameter($"The source resourceId '{resourceId}' is not the ARM id of a container registry.", "source.resourceId");
        }

        if (source["credentials"] is JsonObject credentials)
        {
            String(credentials, "username", "source.credentials.username", required: false);
            String(credentials, "password", "source.credentials.password", required: true);
        }

        var (sourceRepository, sourceTag, sourceDigest) = ParseSource(sourceImage);
        var mode = String(body, "mode", "mode", required: false) ?? "NoForce";
        mode = Modes.FirstOrDefault(m => string.Equals(m, mode, StringComparison.OrdinalIgnoreCase))
            ?? throw ArmErrors.InvalidContent($"Error converting value \"{mode}\" to type 'ImportMode'. Allowed values are 'NoForce', 'Force'. Path 'mode'", "mode");

        // Without targets ACR imports under the source's own name.
        var targetTags = Strings(body, "targetTags");
        var untagged = Strings(body, "untaggedTargetRepositories");
        if (targetTags.Count == 0 && untagged.Count == 0)
        {
            targetTags = [$"{sourceRepository}:{sourceTag ?? "latest"}"];
        }

        var targets = targetTags.Select((t, i) => Target(t, sourceTag, $"targetTags[{i.ToString(CultureInfo.InvariantCulture)}]")).ToList();
        untagged = [.. untagged.Select((r, i) => Repository(r, $"untaggedTargetRepositories[{i.ToString(CultureInfo.InvariantCulture)}]"))];

        var images = registry.Secrets[ImagesKey] as JsonObject ?? [];
        registry.Secrets[ImagesKey] = images;
        if (mode == "NoForce" && targets.FirstOrDefault(t => images[t.Repository]?[t.Tag] is not null) is { Repository: not null } taken)
        {
            // NoForce fails before any copying begins (ImportImageParameters.mode). [unverified] ACR's exact code and text.
            throw new ArmException(HttpStatusCode.Conflict, "Conflict", $"Tag {taken.Repository}:{taken.Tag} already exists in target registry. Use mode 'Force' to overwrite it.", "targetTags");
        }

        var digest = sourceDigest ?? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{resourceId ?? registryUri}/{sourceImage}")));
        return ArmResourceOperations.RunAction(ctx, registry, () =>
        {
            foreach (var (repository, tag) in targets)
            {
                var tags = images[repository] as JsonObject ?? [];
                images[repository] = tags;
                tags[tag] = digest;
            }

            foreach (var repository in untagged)
            {
                images[repository] ??= new JsonObject();
            }
        });
    }

    /// <summary>The tags imported into <paramref name="registry"/>, as <c>repository:tag</c> → digest.</summary>
    public static IReadOnlyDictionary<string, string> Tags(StoredResource registry) =>
        (registry.Secrets[ImagesKey] as JsonObject ?? [])
            .SelectMany(r => (r.Value as JsonObject ?? []).Select(t => (Key: $"{r.Key}:{t.Key}", Digest: (string)t.Value!)))
            .ToDictionary(t => t.Key, t => t.Digest, StringComparer.Ordinal);

    /// <summary>"repo", "repo:tag" or "repo@sha256:..." (the spec's three forms of sourceImage).</summary>
    private static (string Repository, string? Tag, string? Digest) ParseSource(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var digest = image[(at + 1)..];
            if (!DigestPattern().IsMatch(digest))
            {
                throw InvalidParameter($"The source image '{image}' has no valid sha256 digest.", "source.sourceImage");
            }

            return (Repository(image[..at], "source.sourceImage"), null, digest);
        }

        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/')
            ? (Repository(image[..colon], "source.sourceImage"), Tag(image[(colon + 1)..], "source.sourceImage"), null)
            : (Repository(image, "source.sourceImage"), null, null);
    }

    /// <summary>"repo[:tag]": without a tag the source's tag, or latest.</summary>
    private static (string Repository, string Tag) Target(string target, string? sourceTag, string path)
    {
        var colon = target.LastIndexOf(':');
        return colon > target.LastIndexOf('/')
            ? (Repository(target[..colon], path), Tag(target[(colon + 1)..], path))
            : (Repository(target, path), sourceTag ?? "latest");
    }

    // The spec's examples name repositories in mixed case ("sourceRepository"); registries keep them lower-cased.
    private static string Repository(string name, string path) =>
        RepositoryPattern().IsMatch(name) ? name.ToLowerInvariant() : throw InvalidParameter($"'{name}' is not a valid repository name (letters, digits, separators '.', '_', '-', '/').", path);

    private static string Tag(string tag, string path) =>
        TagPattern().IsMatch(tag) ? tag : throw InvalidParameter($"'{tag}' is not a valid tag.", path);

    private static string? String(JsonObject owner, string name, string path, bool required) => owner[name] switch
    {
        null when required => throw ArmErrors.InvalidContent($"Required property '{name}' not found in JSON. Path '{path}'", path),
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        var other => throw ArmErrors.InvalidContent($"Error converting value {other.ToJsonString()} to type 'String'. Path '{path}'", path),
    };

    private static List<string> Strings(JsonObject body, string name) => body[name] switch
    {
        null => [],
        JsonArray items => [.. items.Select((item, i) => item is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw ArmErrors.InvalidContent($"Error converting value {item?.ToJsonString() ?? "null"} to type 'String'. Path '{name}[{i.ToString(CultureInfo.InvariantCulture)}]'", name))],
        var other => throw ArmErrors.InvalidContent($"Error converting value {other.ToJsonString()} to type 'String[]'. Path '{name}'", name),
    };

    // [unverified] ACR's code for a bad import parameter; InvalidParameter is ARM's usual one.
    private static ArmException InvalidParameter(string message, string target) => new(HttpStatusCode.BadRequest, "InvalidParameter", message, target);

    [GeneratedRegex("^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.ContainerRegistry/registries/[a-zA-Z0-9]{5,50}$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex RegistryId();

    [GeneratedRegex("^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    [GeneratedRegex("^sha256:[a-f0-9]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex DigestPattern();
}
