using AcrOperator.Sandbox.Arm.Diagnostics;

namespace AcrOperator.Tests.TestSupport;

/// <summary>
/// Counting in the ARM emulator's request log. Paths are compared without their query and whole, so
/// <c>registries/abc</c> never counts requests for <c>registries/abcd</c>; a mark taken before an action
/// counts only what came after it (the test's own requests before the mark stay out).
/// </summary>
internal static class ArmRequestLogQueries
{
    /// <summary>Where the log ends now; pass it to <see cref="Since"/>.</summary>
    public static int Mark(this ArmRequestLog log) => log.Entries.Count;

    public static IReadOnlyList<ArmRequestLogEntry> Since(this ArmRequestLog log, int mark) => [.. log.Entries.Skip(mark)];

    /// <summary>Requests for exactly this resource (<c>subscriptions/.../registries/name</c>), not for its children.</summary>
    public static IEnumerable<ArmRequestLogEntry> For(this IEnumerable<ArmRequestLogEntry> entries, string resourcePath) =>
        entries.Where(e => string.Equals(PathOf(e), Normalize(resourcePath), StringComparison.OrdinalIgnoreCase));

    /// <summary>Requests for the resource or anything under it, such as its <c>operationStatuses</c>.</summary>
    public static IEnumerable<ArmRequestLogEntry> Within(this IEnumerable<ArmRequestLogEntry> entries, string resourcePath) =>
        entries.Where(e => PathOf(e) is var path
            && (string.Equals(path, Normalize(resourcePath), StringComparison.OrdinalIgnoreCase)
                || path.StartsWith(Normalize(resourcePath) + "/", StringComparison.OrdinalIgnoreCase)));

    public static int Count(this IEnumerable<ArmRequestLogEntry> entries, string method) =>
        entries.Count(e => string.Equals(e.Method, method, StringComparison.OrdinalIgnoreCase));

    /// <summary>PUT, PATCH, POST and DELETE: what changes Azure (or tries to).</summary>
    public static int Writes(this IEnumerable<ArmRequestLogEntry> entries) =>
        entries.Count(e => e.Method is "PUT" or "PATCH" or "POST" or "DELETE");

    /// <summary>One line a request, for failure messages.</summary>
    public static string Describe(this IEnumerable<ArmRequestLogEntry> entries) =>
        string.Join('\n', entries.Select(e => $"{e.Time:HH:mm:ss.fff} {e.Method} {PathOf(e)} -> {e.Status}"));

    private static string PathOf(ArmRequestLogEntry entry) => entry.Path.Split('?', 2)[0];

    private static string Normalize(string resourcePath) => "/" + resourcePath.TrimStart('/');
}
