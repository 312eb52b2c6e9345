using AcrOperator.Sandbox.Arm;

namespace AcrOperator.Tests.TestSupport;

/// <summary>The settings that point an operator process at the ARM emulator, shared by every end-to-end environment.</summary>
internal static class EmulatorOperatorSettings
{
    /// <summary>
    /// The emulator's endpoint, CA, data plane, Entra ID (for credentials Secrets) and static token (the operator's own identity), a default subscription, polls at 1 s (the emulator's
    /// operations take seconds) and no leader election: without it the operator's only Kubernetes writes are its
    /// reconciles', so the emulator's global resourceVersion stands still over a quiet resync (a Lease renewal would
    /// move it).
    /// </summary>
    public static Dictionary<string, string> For(ArmServer arm, string subscription) => new()
    {
        ["Operator__LeaderElect"] = "false",
        ["Operator__Azure__ResourceManagerEndpoint"] = arm.BaseAddress.ToString(),
        ["Operator__Azure__DefaultSubscriptionId"] = subscription,
        ["Operator__Azure__Credential"] = "StaticToken",
        ["Operator__Azure__StaticToken"] = "sandbox",
        ["Operator__Azure__TrustedCaCertificatePaths__0"] = arm.CaCertificatePath,
        ["Operator__Azure__AuthorityHost"] = arm.AuthorityHost.ToString(),
        ["Operator__Azure__DisableInstanceDiscovery"] = "true",
        ["Operator__Azure__MinPollInterval"] = "00:00:01",
        ["Operator__Azure__DataPlaneEndpointTemplate"] = arm.BaseAddress + "_dataplane/{loginServer}",
    };
}
