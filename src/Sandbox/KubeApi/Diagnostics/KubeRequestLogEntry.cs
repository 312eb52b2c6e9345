namespace AcrOperator.Sandbox.KubeApi.Diagnostics;

/// <summary>
/// One request: <see cref="Query"/> is the raw query string without '?', decoded per parameter by <see cref="Parameter"/>;
/// <see cref="UserAgent"/> tells clients apart, as in the real API server's audit log.
/// </summary>
public sealed record KubeRequestLogEntry(DateTimeOffset At, string Method, string Path, string Query, int Status, string UserAgent = "")
{
    public bool IsWatch => Parameter("watch") is "true" or "1";

    public string? Parameter(string name)
    {
        foreach (var part in Query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? part : part[..equals]);
            if (key == name)
            {
                return equals < 0 ? string.Empty : Uri.UnescapeDataString(part[(equals + 1)..].Replace('+', ' '));
            }
        }

        return null;
    }
}
