namespace AcrOperator.Sandbox.Arm.Resources;

/// <summary>A POST (or GET) action on a resource, such as <c>registries/{r}/listCredentials</c>.</summary>
internal sealed record ArmAction(string Name, string Method, Func<ArmRequestContext, StoredResource, ArmResult> Handler);
