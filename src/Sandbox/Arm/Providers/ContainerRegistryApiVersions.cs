namespace AcrOperator.Sandbox.Arm.Providers;

/// <summary>The api-versions the emulated Microsoft.ContainerRegistry accepts (reference §1 allow-list).</summary>
internal static class ContainerRegistryApiVersions
{
    public static IReadOnlyList<string> Registry { get; } =
    [
        "2019-05-01", "2019-12-01-preview", "2021-09-01", "2022-12-01", "2023-01-01-preview", "2023-07-01", "2023-11-01-preview",
        "2024-11-01-preview", "2025-03-01-preview", "2025-04-01", "2025-05-01-preview", "2025-06-01-preview", "2025-11-01",
        "2026-03-01-preview", "2026-09-01-preview",
    ];

    /// <summary>Tasks and runs (RegistryTasks): the newest stable and previews.</summary>
    public static IReadOnlyList<string> Tasks { get; } = ["2018-09-01", "2019-04-01", "2019-06-01-preview", "2025-03-01-preview"];
}
