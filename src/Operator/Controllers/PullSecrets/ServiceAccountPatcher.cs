using System.Net;
using System.Text.Json.Nodes;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Informers;
using AcrOperator.Runtime.Kube;
using k8s.Models;

namespace AcrOperator.Controllers.PullSecrets;

/// <summary>
/// Adds and removes the operator's own entry in a ServiceAccount's <c>imagePullSecrets</c> with a JSON patch, never by
/// rewriting the list: a real API server has no strategic-merge key for that list, so a merge would replace it whole.
/// Each patch carries the resourceVersion it was computed from (the API server answers 409 if the account changed), a
/// removal also tests the name at the index it removes, and every entry added is recorded in an annotation so that
/// cleanup removes only entries the operator added. The watch label makes the account visible to the operator's
/// label-selected informer; it goes when the last recorded entry does.
/// </summary>
public sealed class ServiceAccountPatcher
{
    private readonly KubeApiClient _client;

    public ServiceAccountPatcher(KubeApiClient client, WriteExpectations<ServiceAccountView> expectations)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        Expectations = expectations ?? throw new ArgumentNullException(nameof(expectations));
    }

    /// <summary>Patches not yet seen by the cache; the state is the account as patched.</summary>
    public WriteExpectations<ServiceAccountView> Expectations { get; }

    /// <summary>The view a pass should use: a patch the cache does not show yet, else the cached account.</summary>
    public ServiceAccountView? Current(ServiceAccountView? cached, string @namespace, string name) => Pending(@namespace, name) ?? cached;

    /// <summary>The account as last patched, while the cache does not show that patch yet.</summary>
    public ServiceAccountView? Pending(string @namespace, string name) =>
        Expectations.TryGetPending(new ObjectKey(@namespace, name), out var pending) && !pending.Deleted ? pending.State : null;

    /// <summary>Reads an account the cache does not hold (it has no watch label yet); null when it does not exist.</summary>
    public async Task<ServiceAccountView?> ReadAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        await _client.GetAsync<V1ServiceAccount>(ResourceType.ServiceAccounts, @namespace, name, cancellationToken) is { } account ? ServiceAccountView.Of(account) : null;

    public async Task<ServiceAccountResult> EnsureEntryAsync(string registryUid, string secretName, ServiceAccountView? account, CancellationToken cancellationToken)
    {
        if (account is null)
        {
            return ServiceAccountResult.Missing;
        }

        var recorded = account.RecordedEntry(registryUid);
        if (account.References(secretName))
        {
            return recorded == secretName ? ServiceAccountResult.Unchanged : ServiceAccountResult.ForeignEntry;
        }

        var annotation = PullSecretResources.EntryAnnotation(registryUid);
        var operations = new JsonArray
        {
            Precondition(account),
            account.HasEntriesList
                ? Op("add", "/imagePullSecrets/-", new JsonObject { ["name"] = secretName })
                : Op("add", "/imagePullSecrets", new JsonArray(new JsonObject { ["name"] = secretName })),
            account.HasLabels
                ? Op("add", Pointer("/metadata/labels/", LabelNames.ImagePullSecrets), LabelNames.ImagePullSecretsManaged)
                : Op("add", "/metadata/labels", new JsonObject { [LabelNames.ImagePullSecrets] = LabelNames.ImagePullSecretsManaged }),
            account.HasAnnotations
                ? Op("add", Pointer("/metadata/annotations/", annotation), secretName)
                : Op("add", "/metadata/annotations", new JsonObject { [annotation] = secretName }),
        };
        return await PatchAsync(account, operations, cancellationToken) ? ServiceAccountResult.Patched : ServiceAccountResult.Stale;
    }

    /// <summary>Removes the entry this Registry recorded (if it is still in the list) and its record; false when the account changed meanwhile.</summary>
    public async Task<bool> RemoveEntryAsync(string registryUid, ServiceAccountView account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var annotation = PullSecretResources.EntryAnnotation(registryUid);
        if (account.RecordedEntry(registryUid) is not { } secretName)
        {
            return true;
        }

        var operations = new JsonArray { Precondition(account) };
        var index = account.Entries.ToList().IndexOf(secretName);
        if (index >= 0)
        {
            var path = $"/imagePullSecrets/{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            operations.Add(Op("test", path + "/name", secretName));
            operations.Add(Op("remove", path));
        }

        operations.Add(Op("remove", Pointer("/metadata/annotations/", annotation)));
        if (account.HasWatchLabel && account.RecordedEntries.Count == 1)
        {
            operations.Add(Op("remove", Pointer("/metadata/labels/", LabelNames.ImagePullSecrets)));
        }

        return await PatchAsync(account, operations, cancellationToken);
    }

    private async Task<bool> PatchAsync(ServiceAccountView account, JsonArray operations, CancellationToken cancellationToken)
    {
        try
        {
            var patched = await _client.PatchAsync<V1ServiceAccount>(ResourceType.ServiceAccounts, account.Namespace, account.Name, PatchType.Json, operations.ToJsonString(), cancellationToken);
            Expectations.ExpectWritten(new ObjectKey(account.Namespace, account.Name), patched.Metadata.ResourceVersion, ServiceAccountView.Of(patched));
            return true;
        }
        catch (KubeApiException e) when (e.IsConflict || e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity)
        {
            // 409: the account changed since it was read; 422: a test failed (the entry moved). Either way, read again.
            return false;
        }
    }

    /// <summary>Makes the patch apply only to the version read: a different resourceVersion is a 409 from the API server.</summary>
    private static JsonObject Precondition(ServiceAccountView account) => Op("replace", "/metadata/resourceVersion", account.ResourceVersion);

    private static JsonObject Op(string op, string path, JsonNode? value = null)
    {
        var operation = new JsonObject { ["op"] = op, ["path"] = path };
        if (op is not "remove")
        {
            operation["value"] = value;
        }

        return operation;
    }

    private static JsonObject Op(string op, string path, string? value) => Op(op, path, value is null ? null : JsonValue.Create(value));

    /// <summary>A JSON pointer to a map member whose key holds '/' (label and annotation keys do), escaped per RFC 6901.</summary>
    private static string Pointer(string parent, string key) => parent + key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
