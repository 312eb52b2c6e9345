using k8s;
using k8s.Models;

namespace AcrOperator.Runtime.Kube;

/// <summary>One line of a watch stream: an object change, a bookmark, or an error Status.</summary>
public sealed record WatchNotification<T>(WatchEventType Type, T? Item, string? ResourceVersion, V1Status? Status = null)
    where T : class;
