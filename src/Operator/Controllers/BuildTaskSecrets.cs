using AcrOperator.Api.V1Alpha1;
using AcrOperator.Runtime;

namespace AcrOperator.Controllers;

/// <summary>
/// Reads the secret values a BuildTask's spec names (the context token, secret build arguments and task values,
/// source trigger tokens, custom registry passwords) from its namespace's Secrets on every pass, watching them
/// while it names them (<see cref="ReferencedSecrets"/>). A missing Secret or key is a reason and a message naming
/// the field, Secret and key, never a value.
/// </summary>
public sealed class BuildTaskSecrets
{
    private readonly ReferencedSecrets _secrets;

    public BuildTaskSecrets(ReferencedSecrets secrets) => _secrets = secrets ?? throw new ArgumentNullException(nameof(secrets));

    public async Task<BuildTaskSecretValues> ReadAsync(BuildTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        var ns = task.Metadata.NamespaceProperty;
        var references = References(task.Spec).ToList();
        var secrets = await _secrets.ReadAsync(ObjectKey.Of(task), references.Select(r => r.Ref.Name), cancellationToken);
        var values = new Dictionary<(string, string), string>();
        foreach (var (field, reference) in references)
        {
            if (secrets[reference.Name] is not { } secret)
            {
                return BuildTaskSecretValues.Failed(ReferencedSecrets.SecretNotFound, $"Secret {ns}/{reference.Name} ({field}) does not exist; create it with the key {reference.Key}.");
            }

            if (ReferencedSecrets.Value(secret, reference.Key) is not { Length: > 0 } value)
            {
                return BuildTaskSecretValues.Failed(ReferencedSecrets.InvalidSecret, $"Secret {ns}/{reference.Name} ({field}) has no key {reference.Key}, or it is empty; put the value there.");
            }

            values[(reference.Name, reference.Key)] = value;
        }

        return BuildTaskSecretValues.Read(values);
    }

    /// <summary>The BuildTask is gone: its Secrets are no longer watched on its account.</summary>
    public void Forget(ObjectKey task) => _secrets.Forget(task);

    /// <summary>Every Secret key the spec names, with the field that names it.</summary>
    private static IEnumerable<(string Field, SecretKeyRef Ref)> References(BuildTaskSpec spec)
    {
        if (spec.Step.ContextAccessTokenSecretRef is { } context)
        {
            yield return ("spec.step.contextAccessTokenSecretRef", context);
        }

        var (list, values) = spec.Step switch
        {
            { Docker: { } docker } => ("spec.step.docker.arguments", docker.Arguments),
            { File: { } file } => ("spec.step.file.values", file.Values),
            { Encoded: { } encoded } => ("spec.step.encoded.values", encoded.Values),
            _ => ("", null),
        };
        foreach (var value in values ?? [])
        {
            if (value.SecretRef is { } secret)
            {
                yield return ($"{list}[{value.Name}].secretRef", secret);
            }
        }

        foreach (var trigger in spec.Triggers?.SourceTriggers ?? [])
        {
            if (trigger.TokenSecretRef is { } token)
            {
                yield return ($"spec.triggers.sourceTriggers[{trigger.Name}].tokenSecretRef", token);
            }
        }

        foreach (var registry in spec.CustomRegistries ?? [])
        {
            yield return ($"spec.customRegistries[{registry.LoginServer}].passwordSecretRef", registry.PasswordSecretRef);
        }
    }
}
