namespace AcrOperator.Sandbox.Arm.Http;

/// <summary>
/// Who sent an ARM request: a principal of the emulated Entra ID (from its access token), or, for any other bearer
/// token such as the sandbox's static <c>sandbox</c>, the emulator's owner, who may do everything.
/// </summary>
internal sealed record ArmCaller(string? ClientId, string? ObjectId)
{
    public static readonly ArmCaller Owner = new(null, null);

    public bool IsOwner => ObjectId is null;
}
