using System.Net;
using k8s.Models;

namespace AcrOperator.Runtime.Kube;

/// <summary>A non-success answer from the API server, with its Status body when it sent one.</summary>
public sealed class KubeApiException : Exception
{
    public KubeApiException()
    {
    }

    public KubeApiException(string message)
        : base(message)
    {
    }

    public KubeApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public KubeApiException(HttpStatusCode statusCode, V1Status? status, string method, string path)
        : base($"{method} {path}: {(int)statusCode} {status?.Reason ?? statusCode.ToString()}: {status?.Message}")
    {
        StatusCode = statusCode;
        Status = status;
    }

    public HttpStatusCode StatusCode { get; }

    public V1Status? Status { get; }

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;

    public bool IsConflict => StatusCode == HttpStatusCode.Conflict;

    /// <summary>A create found an object of that name (409 with reason AlreadyExists, unlike an update's stale-version 409).</summary>
    public bool IsAlreadyExists => IsConflict && Status?.Reason == "AlreadyExists";

    /// <summary>403 or 404 on a create in a namespace that is gone or being terminated.</summary>
    public bool IsNamespaceUnavailable =>
        StatusCode == HttpStatusCode.NotFound
        || (StatusCode == HttpStatusCode.Forbidden && Status?.Details?.Causes?.Any(c => c.Reason == "NamespaceTerminating") == true);

    /// <summary>410 Gone: a watch asked for a resourceVersion older than the server keeps.</summary>
    public bool IsGone => StatusCode == HttpStatusCode.Gone;

    /// <summary>
    /// The server has not reached the resourceVersion asked for (it was restarted or restored, or a replica
    /// lags): resuming from it is hopeless, so the caller must list again, as client-go's reflector does.
    /// </summary>
    public bool IsResourceVersionTooLarge => IsTooLarge(Status);

    /// <summary>Whether a Status says "Too large resource version" (504 with the cause ResourceVersionTooLarge).</summary>
    public static bool IsTooLarge(V1Status? status)
        => status?.Code == 504 && status.Details?.Causes?.Any(c => c.Reason == "ResourceVersionTooLarge") == true;
}
