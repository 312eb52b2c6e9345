using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace AcrOperator.Runtime.Kube;

/// <summary>
/// The operator's REST access to the API server for any kind, on the transport and credentials
/// of <see cref="KubeTransport"/>. The generated per-kind clients don't cover custom resources, metadata-only lists or
/// watch bookmarks the way an informer needs them, so list, watch and patch are done here, once.
/// </summary>
public sealed class KubeApiClient
{
    private const string JsonMediaType = "application/json";
    private const string MetadataListAccept = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";
    private const string MetadataAccept = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json";

    // KubernetesClient's HttpClient has no timeout of its own; without one a request to a vanished server hangs a worker forever.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    // A watch outlives its server-side timeoutSeconds by this much before we assume a silently dead connection.
    private static readonly TimeSpan WatchGrace = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly Uri _baseUri;
    private readonly Func<HttpRequestMessage, CancellationToken, Task> _authenticate;
    private readonly KubeAccessPolicy? _accessPolicy;
    private readonly string? _userAgent;

    /// <param name="accessPolicy">When set, a request outside it fails with 403 before it is sent (see <see cref="KubeAccessPolicy"/>).</param>
    /// <param name="userAgent">Sent as User-Agent, so the API server's audit log (and the emulator's request log) tell this client apart.</param>
    public KubeApiClient(
        HttpClient http,
        Uri baseUri,
        Func<HttpRequestMessage, CancellationToken, Task>? authenticate = null,
        KubeAccessPolicy? accessPolicy = null,
        string? userAgent = null)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        ArgumentNullException.ThrowIfNull(baseUri);
        _baseUri = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
        _authenticate = authenticate ?? ((_, _) => Task.CompletedTask);
        _accessPolicy = accessPolicy;
        _userAgent = userAgent;
    }

    public Uri BaseUri => _baseUri;

    /// <summary>Reads one object; null when it does not exist.</summary>
    public Task<T?> GetAsync<T>(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken)
        where T : class
        => GetAsync<T>(type, @namespace, name, accept: null, cancellationToken);

    /// <summary>
    /// Reads one object's metadata only (resourceVersion, labels...); null when it does not exist. For objects whose
    /// body the caller needs only when it changed, such as a Secret's data.
    /// </summary>
    public Task<PartialObjectMetadata?> GetMetadataAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken)
        => GetAsync<PartialObjectMetadata>(type, @namespace, name, MetadataAccept, cancellationToken);

    private async Task<T?> GetAsync<T>(ResourceType type, string? @namespace, string name, string? accept, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(type);
        try
        {
            return await SendAsync<T>(HttpMethod.Get, type.ObjectPath(@namespace, name), content: null, accept, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    public async Task<ListSnapshot<T>> ListAsync<T>(ResourceType type, string? @namespace, ListOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(options);
        var path = type.CollectionPath(@namespace) + Query(options, ("resourceVersion", null));
        var list = await SendAsync<ObjectList<T>>(HttpMethod.Get, path, content: null, options.MetadataOnly ? MetadataListAccept : null, cancellationToken).ConfigureAwait(false);
        return new ListSnapshot<T>(list.Items ?? [], list.Metadata?.ResourceVersion ?? string.Empty);
    }

    /// <summary>
    /// Streams a watch from <paramref name="resourceVersion"/> with bookmarks until the server closes it
    /// (after <paramref name="timeout"/>) or the token is cancelled. A 410 answer to the request itself
    /// throws <see cref="KubeApiException"/> with <see cref="KubeApiException.IsGone"/>; a 410 inside the
    /// stream arrives as an <see cref="WatchEventType.Error"/> notification.
    /// </summary>
    public async IAsyncEnumerable<WatchNotification<T>> WatchAsync<T>(
        ResourceType type,
        string? @namespace,
        string resourceVersion,
        ListOptions options,
        TimeSpan timeout,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(options);
        var path = type.CollectionPath(@namespace) + Query(
            options,
            ("watch", "true"),
            ("allowWatchBookmarks", "true"),
            ("resourceVersion", resourceVersion),
            ("timeoutSeconds", ((int)Math.Ceiling(timeout.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture)));

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout + WatchGrace);
        using var response = await SendRawAsync(HttpMethod.Get, path, content: null, options.MetadataOnly ? MetadataAccept : null, deadline.Token).ConfigureAwait(false);
        using var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await ReadLineOrEndAsync(reader, deadline, cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length > 0)
            {
                yield return ParseWatchLine<T>(line);
            }
        }
    }

    /// <summary>Reads a line; null at the end of the stream or when the watch deadline passes (treated as a clean end, so the caller resumes).</summary>
    private static async Task<string?> ReadLineOrEndAsync(StreamReader reader, CancellationTokenSource deadline, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public Task<T> CreateAsync<T>(ResourceType type, string? @namespace, T obj, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(type);
        return SendAsync<T>(HttpMethod.Post, type.CollectionPath(@namespace), JsonContent(KubernetesJson.Serialize(obj), JsonMediaType), accept: null, cancellationToken);
    }

    /// <summary>PUT of the whole object, guarded by its resourceVersion (409 Conflict when it changed).</summary>
    public Task<T> ReplaceAsync<T>(ResourceType type, string? @namespace, string name, T obj, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(type);
        return SendAsync<T>(HttpMethod.Put, type.ObjectPath(@namespace, name), JsonContent(KubernetesJson.Serialize(obj), JsonMediaType), accept: null, cancellationToken);
    }

    public Task<T> PatchAsync<T>(
        ResourceType type,
        string? @namespace,
        string name,
        PatchType patchType,
        string patch,
        CancellationToken cancellationToken,
        string? subresource = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(type);
        var mediaType = patchType == PatchType.Json ? "application/json-patch+json" : "application/merge-patch+json";
        return SendAsync<T>(HttpMethod.Patch, type.ObjectPath(@namespace, name, subresource), JsonContent(patch, mediaType), accept: null, cancellationToken);
    }

    /// <summary>Deletes the object; false when it was already gone.</summary>
    public Task<bool> DeleteAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken)
        => DeleteAsync(type, @namespace, name, preconditions: null, cancellationToken);

    /// <summary>
    /// Deletes the object only if it still is the one described by <paramref name="preconditions"/> (uid and/or
    /// resourceVersion; 409 otherwise), so a reconciler deletes what it saw and not what replaced it; false when it was already gone.
    /// </summary>
    public async Task<bool> DeleteAsync(ResourceType type, string? @namespace, string name, V1Preconditions? preconditions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(type);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        var body = preconditions is null
            ? null
            : JsonContent(KubernetesJson.Serialize(new V1DeleteOptions { ApiVersion = "v1", Kind = "DeleteOptions", Preconditions = preconditions }), JsonMediaType);
        try
        {
            using var response = await SendRawAsync(HttpMethod.Delete, type.ObjectPath(@namespace, name), body, accept: null, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (KubeApiException ex) when (ex.IsNotFound)
        {
            return false;
        }
    }

    /// <summary>GET of a non-resource path such as <c>version</c>.</summary>
    public Task<T> GetPathAsync<T>(string path, CancellationToken cancellationToken)
        where T : class
        => SendAsync<T>(HttpMethod.Get, path, content: null, accept: null, cancellationToken);

    private static WatchNotification<T> ParseWatchLine<T>(string line)
        where T : class
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var type = root.GetProperty("type").GetString() switch
        {
            "ADDED" => WatchEventType.Added,
            "MODIFIED" => WatchEventType.Modified,
            "DELETED" => WatchEventType.Deleted,
            "BOOKMARK" => WatchEventType.Bookmark,
            "ERROR" => WatchEventType.Error,
            var other => throw new JsonException($"unknown watch event type '{other}'"),
        };
        var body = root.GetProperty("object");
        if (type == WatchEventType.Error)
        {
            return new WatchNotification<T>(type, null, null, KubernetesJson.Deserialize<V1Status>(body));
        }

        string? resourceVersion = null;
        if (body.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("resourceVersion", out var rv))
        {
            resourceVersion = rv.GetString();
        }

        var obj = type == WatchEventType.Bookmark ? null : KubernetesJson.Deserialize<T>(body);
        return new WatchNotification<T>(type, obj, resourceVersion);
    }

    private static string Query(ListOptions options, params (string Name, string? Value)[] extra)
    {
        var parts = new List<string>();
        if (options.LabelSelector is { Length: > 0 } labels)
        {
            parts.Add("labelSelector=" + Uri.EscapeDataString(labels));
        }

        if (options.FieldSelector is { Length: > 0 } fields)
        {
            parts.Add("fieldSelector=" + Uri.EscapeDataString(fields));
        }

        parts.AddRange(extra.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }

    private static StringContent JsonContent(string body, string mediaType)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, string? accept, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        using var response = await SendRawAsync(method, path, content, accept, timeout.Token).ConfigureAwait(false);

        // Buffer asynchronously: KubernetesJson only deserializes synchronously, which would block a pool thread on the network.
        var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
        return KubernetesJson.Deserialize<T>(body);
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, HttpContent? content, string? accept, CancellationToken cancellationToken)
    {
        CheckAccess(method, path);
        // As KubernetesClient does: HTTP/2 where the server offers it (its keep-alive pings find dead connections).
        using var request = new HttpRequestMessage(method, new Uri(_baseUri, path))
        {
            Content = content,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        request.Headers.Accept.ParseAdd(accept ?? JsonMediaType);
        if (_userAgent is not null)
        {
            request.Headers.UserAgent.ParseAdd(_userAgent);
        }

        await _authenticate(request, cancellationToken).ConfigureAwait(false);
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new KubeApiException(response.StatusCode, TryParseStatus(body), method.Method, path);
        }
    }

    /// <summary>Fails an undeclared request as RBAC would (403 Forbidden), naming what to declare, without sending it.</summary>
    private void CheckAccess(HttpMethod method, string path)
    {
        if (_accessPolicy is null || KubeRequestAttributes.Of(method.Method, path) is not { } request || _accessPolicy.Allows(request))
        {
            return;
        }

        var where = request.Namespace is null ? "cluster-wide" : $"in namespace {request.Namespace}";
        var status = new V1Status
        {
            Code = (int)HttpStatusCode.Forbidden,
            Reason = "Forbidden",
            Status = "Failure",
            Message = $"{request.Access} {where} is not in the operator's declared access; declare it in OperatorAccess and grant it in config/rbac and the Helm chart",
        };
        throw new KubeApiException(HttpStatusCode.Forbidden, status, method.Method, path);
    }

    private static V1Status? TryParseStatus(string body)
    {
        try
        {
            return body.Length > 0 ? KubernetesJson.Deserialize<V1Status>(body) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
