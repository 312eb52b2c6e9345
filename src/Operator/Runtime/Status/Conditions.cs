using k8s.Models;

namespace AcrOperator.Runtime.Status;

/// <summary>
/// Reads and sets conditions with metav1.Condition semantics: the transition time moves only when the
/// status flips, so "Ready since" means something; reason, message and observedGeneration just update.
/// </summary>
public static class Conditions
{
    public const string True = "True";
    public const string False = "False";
    public const string Unknown = "Unknown";

    public static V1Condition? Find(IEnumerable<V1Condition>? conditions, string type)
        => conditions?.FirstOrDefault(c => string.Equals(c.Type, type, StringComparison.Ordinal));

    public static bool IsTrue(IEnumerable<V1Condition>? conditions, string type)
        => Find(conditions, type)?.Status == True;

    /// <summary>Sets a condition; returns whether anything about it changed.</summary>
    public static bool Set(
        IList<V1Condition> conditions,
        string type,
        string status,
        string reason,
        string message,
        long? observedGeneration,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        if (status is not (True or False or Unknown))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A condition status is True, False or Unknown.");
        }

        // The API server stores metav1.Time with second precision; keep ours the same so a re-read compares equal.
        var transition = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()).UtcDateTime;
        var existing = Find(conditions, type);
        if (existing is null)
        {
            conditions.Add(new V1Condition
            {
                Type = type,
                Status = status,
                Reason = reason,
                Message = message,
                ObservedGeneration = observedGeneration,
                LastTransitionTime = transition,
            });
            return true;
        }

        var changed = false;
        if (existing.Status != status)
        {
            existing.Status = status;
            existing.LastTransitionTime = transition;
            changed = true;
        }

        changed |= Assign(existing.Reason, reason, v => existing.Reason = v);
        changed |= Assign(existing.Message, message, v => existing.Message = v);
        if (existing.ObservedGeneration != observedGeneration)
        {
            existing.ObservedGeneration = observedGeneration;
            changed = true;
        }

        return changed;
    }

    /// <summary>Removes a condition; returns whether it was there.</summary>
    public static bool Remove(IList<V1Condition> conditions, string type)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        var existing = Find(conditions, type);
        return existing is not null && conditions.Remove(existing);
    }

    private static bool Assign(string? current, string value, Action<string> set)
    {
        if (string.Equals(current, value, StringComparison.Ordinal))
        {
            return false;
        }

        set(value);
        return true;
    }
}
