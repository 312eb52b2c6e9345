namespace AcrOperator.Sandbox.KubeApi.Storage;

/// <summary>
/// An event as one watcher sees it: <see cref="Type"/> may differ from the committed one when the object starts or
/// stops matching the watcher's selectors; <see cref="OldContent"/> then asks for the previous state with the new RV.
/// </summary>
internal readonly record struct WatchItem(WatchEvent Event, string Type, bool OldContent)
{
    public bool IsShared => !OldContent && Type == Event.Type;
}
