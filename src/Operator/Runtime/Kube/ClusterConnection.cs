using k8s;
using k8s.Exceptions;
using k8s.Models;

namespace AcrOperator.Runtime.Kube;

/// <summary>
/// Finds the cluster the way kubectl and client-go do (in-cluster service account, else $KUBECONFIG,
/// else ~/.kube/config) and checks that its API server answers, so a misconfigured start fails in one
/// clear line instead of a stack trace minutes later.
/// </summary>
public static class ClusterConnection
{
    public static KubernetesClientConfiguration LoadConfiguration(string? kubeconfigPath, string? context)
    {
        if (kubeconfigPath is null && KubernetesClientConfiguration.IsInCluster())
        {
            try
            {
                return KubernetesClientConfiguration.InClusterConfig();
            }
            catch (KubeConfigException ex)
            {
                throw new ClusterUnavailableException($"in-cluster configuration is not usable: {ex.Message}", ex);
            }
        }

        var path = kubeconfigPath
            ?? Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        if (!File.Exists(path))
        {
            throw new ClusterUnavailableException(
                $"no Kubernetes cluster configured: not running in a cluster (KUBERNETES_SERVICE_HOST is unset) and no kubeconfig at {path}; set KUBECONFIG or --Operator:Kubeconfig");
        }

        try
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigObject(KubeconfigFile.Load(path), context);
        }
        catch (Exception ex) when (ex is KubeConfigException or YamlDotNet.Core.YamlException)
        {
            throw new ClusterUnavailableException($"kubeconfig {path} is not usable: {ex.Message}", ex);
        }
    }

    /// <summary>A client for the configuration; a bad CA file or server address fails here, in one line.</summary>
    public static KubeApiClient CreateClient(KubernetesClientConfiguration configuration, KubeAccessPolicy? accessPolicy = null, string? userAgent = null)
    {
        try
        {
            return KubeTransport.CreateClient(configuration, innerHandler: null, accessPolicy, userAgent);
        }
        catch (Exception ex) when (ex is KubeConfigException or UriFormatException or IOException or System.Security.Cryptography.CryptographicException)
        {
            throw new ClusterUnavailableException($"cannot create a client for {configuration?.Host}: {ex.Message}", ex);
        }
    }

    /// <summary>GETs /version; returns the server's version or throws <see cref="ClusterUnavailableException"/>.</summary>
    public static async Task<VersionInfo> ProbeAsync(KubeApiClient client, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            return await client.GetPathAsync<VersionInfo>("version", timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ClusterUnavailableException($"the Kubernetes API server at {client.BaseUri} did not answer GET /version within {timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException ex)
        {
            throw new ClusterUnavailableException($"cannot reach the Kubernetes API server at {client.BaseUri}: {ex.Message}", ex);
        }
        catch (KubeApiException ex)
        {
            throw new ClusterUnavailableException($"the Kubernetes API server at {client.BaseUri} refused GET /version: {(int)ex.StatusCode} {ex.Status?.Message ?? ex.StatusCode.ToString()}", ex);
        }
    }
}
