namespace AcrOperator.Sandbox.KubeApi.Patching;

/// <summary>x-kubernetes-list-type: how server-side apply merges and tracks a list.</summary>
internal enum ListType
{
    /// <summary>The list is one value: replaced whole, owned whole.</summary>
    Atomic,

    /// <summary>A list of unique scalars, merged as a union and owned per value.</summary>
    Set,

    /// <summary>A list of objects identified by key fields, merged and owned per item.</summary>
    Map,
}
