namespace AcrOperator.Azure;

/// <summary>A registry's tasks (synchronous CRUD at the tasks API version), their secrets, and their runs.</summary>
public interface IArmTaskClient : IArmRegistryChildClient<ArmTask, ArmTaskDefinition, ArmTaskUpdate>
{
    /// <summary>The task with its secret values (listDetails), the only place Azure shows them; null when it does not exist.</summary>
    Task<ArmTask?> GetDetailsAsync(ArmRegistryChildId id, CancellationToken cancellationToken);

    /// <summary>Schedules one run of the task as it is stored (scheduleRun with a TaskRunRequest); returns the queued run.</summary>
    Task<ArmTaskRun> ScheduleRunAsync(ArmRegistryChildId task, CancellationToken cancellationToken);

    /// <summary>The task's newest run (runs filtered by TaskName), or null when it has none.</summary>
    Task<ArmTaskRun?> GetLatestRunAsync(ArmRegistryChildId task, CancellationToken cancellationToken);

    /// <summary>The run, or null when Azure no longer has it.</summary>
    Task<ArmTaskRun?> GetRunAsync(ArmRegistryId registry, string runId, CancellationToken cancellationToken);
}
