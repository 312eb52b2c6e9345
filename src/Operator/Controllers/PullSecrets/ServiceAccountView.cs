using AcrOperator.Api.V1Alpha1;
using k8s.Models;

namespace AcrOperator.Controllers.PullSecrets;

/// <summary>
/// What a pass needs to know of a ServiceAccount: its <c>imagePullSecrets</c> names in order (a JSON patch addresses
/// entries by index), whether it carries the watch label, and which entries the operator recorded as its own.
/// </summary>
public sealed record ServiceAccountView(
    string Namespace,
    string Name,
    string? ResourceVersion,
    IReadOnlyList<string> Entries,
    bool HasEntriesList,
    bool HasLabels,
    bool HasWatchLabel,
    bool HasAnnotations,
    IReadOnlyDictionary<string, string> RecordedEntries)
{
    public static ServiceAccountView Of(V1ServiceAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var annotations = account.Metadata.Annotations;
        return new ServiceAccountView(
            account.Metadata.NamespaceProperty,
            account.Metadata.Name,
            account.Metadata.ResourceVersion,
            [.. (account.ImagePullSecrets ?? []).Select(e => e.Name ?? string.Empty)],
            account.ImagePullSecrets is not null,
            account.Metadata.Labels is not null,
            account.Metadata.Labels?.TryGetValue(LabelNames.ImagePullSecrets, out var value) == true && value == LabelNames.ImagePullSecretsManaged,
            annotations is not null,
            (annotations ?? new Dictionary<string, string>())
                .Where(a => a.Key.StartsWith(AnnotationNames.ImagePullSecretEntryPrefix, StringComparison.Ordinal))
                .ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal));
    }

    /// <summary>The Secret name this Registry's entry was recorded under, if it added one.</summary>
    public string? RecordedEntry(string registryUid) =>
        RecordedEntries.TryGetValue(PullSecretResources.EntryAnnotation(registryUid), out var name) ? name : null;

    public bool References(string secretName) => Entries.Contains(secretName, StringComparer.Ordinal);
}
