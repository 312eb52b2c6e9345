namespace AcrOperator.Runtime.Kube;

/// <summary>A consistent list: its items and the resourceVersion a watch resumes from.</summary>
public sealed record ListSnapshot<T>(IReadOnlyList<T> Items, string ResourceVersion);
