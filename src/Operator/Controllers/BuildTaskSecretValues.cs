using AcrOperator.Api.V1Alpha1;

namespace AcrOperator.Controllers;

/// <summary>
/// The secret values a BuildTask's Secrets hold, by Secret and key, or why they cannot be read: a condition reason and
/// a message naming the Secret and key, never a value.
/// </summary>
public sealed class BuildTaskSecretValues
{
    private readonly IReadOnlyDictionary<(string Name, string Key), string> _values;

    private BuildTaskSecretValues(IReadOnlyDictionary<(string Name, string Key), string> values, string reason, string message)
    {
        _values = values;
        Reason = reason;
        Message = message;
    }

    /// <summary>Whether every value was read; otherwise <see cref="Reason"/> and <see cref="Message"/> say why not.</summary>
    public bool IsRead => Reason.Length == 0;

    public string Reason { get; }

    public string Message { get; }

    /// <summary>The values, for a pass to mask wherever Azure might echo them.</summary>
    public IEnumerable<string> All => _values.Values;

    public static BuildTaskSecretValues Read(IReadOnlyDictionary<(string Name, string Key), string> values) => new(values, "", "");

    public static BuildTaskSecretValues Failed(string reason, string message) => new(new Dictionary<(string, string), string>(), reason, message);

    /// <summary>The value <paramref name="reference"/> names; read by <see cref="BuildTaskSecrets"/> before any use.</summary>
    public string Of(SecretKeyRef reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return _values[(reference.Name, reference.Key)];
    }
}
