using Azure.Core;

namespace AcrOperator.Azure;

/// <summary>
/// A registry's tasks at <see cref="TasksApiVersion"/> (the newest version that has them; the stable registry version
/// does not), with listDetails, scheduleRun and runs. Bodies carry secret values and are never logged.
/// </summary>
internal sealed class ArmTaskClient(ArmClient arm)
    : ArmRegistryChildClient<ArmTask, ArmTaskDefinition, ArmTaskUpdate>(arm, ArmRegistryChildId.Tasks, ArmTaskJson.Read, ArmTaskJson.WriteCreate, ArmTaskJson.WriteUpdate, TasksApiVersion),
      IArmTaskClient
{
    public const string TasksApiVersion = "2025-03-01-preview";

    public async Task<ArmTask?> GetDetailsAsync(ArmRegistryChildId id, CancellationToken cancellationToken)
    {
        try
        {
            return await ActionAsync(id, "listDetails", ArmTaskJson.Read, cancellationToken);
        }
        catch (ArmRequestException e) when (e.Kind == ArmErrorKind.NotFound)
        {
            return null;
        }
    }

    public async Task<ArmTaskRun> ScheduleRunAsync(ArmRegistryChildId task, CancellationToken cancellationToken)
    {
        var operation = Operation("scheduleRun", task);
        var url = Arm.Url($"{task.Registry.ResourceId}/scheduleRun", ApiVersion);
        using var response = await Arm.SendAsync(RequestMethod.Post, url, ArmTaskJson.WriteTaskRunRequest(task), operation, cancellationToken, retry: false);
        return response.IsError ? throw Arm.Failure(response, operation) : ArmTaskJson.ReadRun(response.Content);
    }

    public async Task<ArmTaskRun?> GetLatestRunAsync(ArmRegistryChildId task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        var url = new Uri(Arm.Url($"{task.Registry.ResourceId}/runs", ApiVersion) + "&$filter=" + Uri.EscapeDataString($"TaskName eq '{task.Name}'") + "&$top=1");
        using var response = await Arm.SendAsync(RequestMethod.Get, url, null, "runs.list", cancellationToken);
        return response.IsError ? throw Arm.Failure(response, "runs.list") : ArmTaskJson.ReadRuns(response.Content) is [var newest, ..] ? newest : null;
    }

    public async Task<ArmTaskRun?> GetRunAsync(ArmRegistryId registry, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var id = new ArmRegistryChildId(registry, ArmRegistryChildId.Runs, runId);
        using var response = await Arm.SendAsync(RequestMethod.Get, Arm.Url(id.ResourceId, ApiVersion), null, "runs.get", cancellationToken);
        if (response.Status == 404)
        {
            return null;
        }

        return response.IsError ? throw Arm.Failure(response, "runs.get") : ArmTaskJson.ReadRun(response.Content);
    }
}
