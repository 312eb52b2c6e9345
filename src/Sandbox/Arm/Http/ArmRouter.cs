using AcrOperator.Sandbox.Arm.Resources;

namespace AcrOperator.Sandbox.Arm.Http;

/// <summary>Resolves ARM URLs against the resource-type table; segments compare case-insensitively, as in ARM.</summary>
internal static class ArmRouter
{
    public static ArmRoute Resolve(ArmRuntime runtime, string path, string apiVersion)
    {
        var s = path.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        if (s.Length < 2 || !Is(s[0], "subscriptions") || s.Any(string.IsNullOrEmpty))
        {
            throw ArmErrors.NoRoute(path);
        }

        var subscription = s[1];
        if (s.Length == 4 && Is(s[2], "operationresults"))
        {
            return new ArmRoute(ArmRouteKind.OperationResult, subscription, ArmResourceType.ResourceGroups) { OperationId = s[3] };
        }

        if (s.Length >= 4 && Is(s[2], "providers"))
        {
            var provider = Provider(runtime, s[3]);
            var rest = s[4..];
            if (rest.Length == 1)
            {
                var type = provider.Find(null, rest[0]);
                return type is not null
                    ? new ArmRoute(ArmRouteKind.SubscriptionCollection, subscription, type) { Provider = provider }
                    : new ArmRoute(ArmRouteKind.SubscriptionAction, subscription, null) { Provider = provider, ActionName = rest[0] };
            }

            if (rest.Length == 4 && Is(rest[0], "locations") && Is(rest[2], "operationResults"))
            {
                return new ArmRoute(ArmRouteKind.OperationResult, subscription, null) { Provider = provider, OperationId = rest[3] };
            }

            throw ArmErrors.NoRoute(path);
        }

        if (s.Length < 3 || !Is(s[2], "resourceGroups"))
        {
            throw ArmErrors.NoRoute(path);
        }

        if (s.Length == 3)
        {
            return new ArmRoute(ArmRouteKind.SubscriptionCollection, subscription, ArmResourceType.ResourceGroups);
        }

        var group = new ArmAddress(subscription, s[3], ArmResourceType.ResourceGroups, [s[3]]);
        if (s.Length == 4)
        {
            return new ArmRoute(ArmRouteKind.Resource, subscription, ArmResourceType.ResourceGroups) { Address = group };
        }

        if (s.Length < 7 || !Is(s[4], "providers"))
        {
            throw ArmErrors.NoRoute(path);
        }

        return ResolveProviderPath(Provider(runtime, s[5]), group, s[6..], apiVersion);
    }

    private static ArmRoute ResolveProviderPath(ArmProvider provider, ArmAddress group, string[] rest, string apiVersion)
    {
        ArmResourceType? type = null;
        ArmAddress? current = null;
        var i = 0;
        while (true)
        {
            var remaining = rest.Length - i;
            if (current is not null && remaining == 2 && Is(rest[i], "operationStatuses"))
            {
                return new ArmRoute(ArmRouteKind.OperationStatus, group.SubscriptionId, type) { Address = current, Provider = provider, OperationId = rest[i + 1] };
            }

            var next = provider.Find(type, rest[i]);
            if (remaining == 1)
            {
                if (next is not null)
                {
                    return new ArmRoute(ArmRouteKind.Collection, group.SubscriptionId, next) { Address = current ?? group, Provider = provider };
                }

                if (current is not null)
                {
                    return new ArmRoute(ArmRouteKind.Action, group.SubscriptionId, type) { Address = current, Provider = provider, ActionName = rest[i] };
                }
            }

            if (next is null)
            {
                throw ArmErrors.InvalidResourceType(string.Join('/', [.. type?.Segments ?? [], rest[i]]), provider.Namespace, apiVersion);
            }

            type = next;
            current = current is null ? new ArmAddress(group.SubscriptionId, group.ResourceGroup, type, [rest[i + 1]]) : current.Child(type, rest[i + 1]);
            i += 2;
            if (i == rest.Length)
            {
                return new ArmRoute(ArmRouteKind.Resource, group.SubscriptionId, type) { Address = current, Provider = provider };
            }
        }
    }

    private static ArmProvider Provider(ArmRuntime runtime, string ns) =>
        runtime.Providers.TryGetValue(ns, out var provider) ? provider : throw ArmErrors.InvalidNamespace(ns);

    private static bool Is(string segment, string literal) => string.Equals(segment, literal, StringComparison.OrdinalIgnoreCase);
}
