using Microsoft.Extensions.Options;

namespace AcrOperator.Azure;

/// <summary>Registers the Azure layer: options validated at start, credentials, the shared rate limiters, the client factory and the operation poll schedule.</summary>
public static class AzureServiceCollectionExtensions
{
    /// <summary>Needs an <see cref="IArmMetrics"/> and a <see cref="TimeProvider"/> registered by the host.</summary>
    public static IServiceCollection AddAzureResourceManager(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AzureOptions>().Bind(configuration.GetSection(AzureOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AzureOptions>, AzureOptionsValidator>();
        services.AddSingleton<IAzureCredentialProvider, AzureCredentialProvider>();
        services.AddSingleton<ArmRateLimiters>();
        services.AddSingleton<ArmRegistryClientFactory>();
        services.AddSingleton<IArmRegistryClientFactory>(sp => sp.GetRequiredService<ArmRegistryClientFactory>());
        services.AddSingleton(sp => OperationPollSchedule.From(sp.GetRequiredService<IOptions<AzureOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
