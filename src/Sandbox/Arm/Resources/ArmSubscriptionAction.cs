namespace AcrOperator.Sandbox.Arm.Resources;

/// <summary>An action at subscription scope, such as <c>providers/Microsoft.ContainerRegistry/checkNameAvailability</c>.</summary>
internal sealed record ArmSubscriptionAction(string Name, string Method, Func<ArmRequestContext, ArmResult> Handler);
