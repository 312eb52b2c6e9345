using k8s;

namespace AcrOperator.Sandbox.Tests.KubeApi;

/// <summary>
/// The cluster a contract test runs against: the in-process emulator today, a real cluster (k3s, kind) where one
/// exists. Tests use only this surface, so they state what a real apiserver does rather than what the emulator does.
/// </summary>
public interface IClusterUnderTest
{
    Uri BaseAddress { get; }

    string KubeconfigPath { get; }

    IKubernetes CreateClient();

    /// <summary>A raw client for wire details (status bodies, headers, chunking).</summary>
    HttpClient CreateHttpClient();

    /// <summary>Makes every earlier resourceVersion too old (410); false where the cluster cannot be told to (a real one).</summary>
    bool TryExpireWatchHistory();
}
