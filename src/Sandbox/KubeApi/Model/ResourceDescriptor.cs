using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi.Model;

/// <summary>
/// Everything the emulator knows about one served resource: its names, scope and verbs for discovery,
/// its schema for validation, pruning, defaulting and OpenAPI, and its printer columns for Tables.
/// Built-in kinds are described in code; custom resources come from their CRD.
/// </summary>
public sealed record ResourceDescriptor(
    string Group,
    string Version,
    string Kind,
    string Plural,
    string Singular,
    bool Namespaced,
    IReadOnlyList<string> ShortNames,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Verbs,
    bool HasStatusSubresource,
    bool IsCustomResource,
    JsonObject? OpenApiV3Schema,
    IReadOnlyList<PrinterColumn> PrinterColumns)
{
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>plural.group, as Kubernetes error messages name a resource (<c>widgets.example.com</c>, or <c>secrets</c>).</summary>
    public string QualifiedResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>Kind.group, as Invalid errors name a kind (<c>Widget.example.com</c>, or <c>Secret</c>).</summary>
    public string QualifiedKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";
}
