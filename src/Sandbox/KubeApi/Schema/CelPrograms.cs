using System.Collections;
using System.Collections.Concurrent;
using Cel;
using Google.Protobuf.Reflection;

namespace AcrOperator.Sandbox.KubeApi.Schema;

/// <summary>
/// Compiles and runs CEL with the Cel package, plus the parts of Kubernetes' CEL string library the package lacks
/// (lowerAscii, upperAscii, trim, replace, split, join, indexOf, lastIndexOf). The package parses rather than
/// type-checks, so a rule that parses "compiles" here even where the API server's checker would reject it.
/// </summary>
internal static class CelPrograms
{
    private static readonly Lock Gate = new();
    private static readonly CelEnvironment Environment = CreateEnvironment();
    private static readonly ConcurrentDictionary<string, CelProgramDelegate> Cache = new(StringComparer.Ordinal);

    /// <summary>The compiled program, or null with the compiler's message.</summary>
    public static CelProgramDelegate? TryCompile(string expression, out string? error)
    {
        error = null;
        if (Cache.TryGetValue(expression, out var cached))
        {
            return cached;
        }

        try
        {
            CelProgramDelegate program;
            lock (Gate)
            {
                program = Environment.Compile(expression);
            }

            return Cache.GetOrAdd(expression, program);
        }
#pragma warning disable CA1031 // Any parser failure is a compile error to report, never a crash of the server.
        catch (Exception e)
#pragma warning restore CA1031
        {
            error = e.Message.Trim();
            return null;
        }
    }

    /// <summary>Runs a program with <c>self</c> and <c>oldSelf</c> bound to plain-tree values.</summary>
    public static object? Run(CelProgramDelegate program, object? self, object? oldSelf) =>
        program.Invoke(new Dictionary<string, object?>(StringComparer.Ordinal) { ["self"] = self, ["oldSelf"] = oldSelf });

    private static CelEnvironment CreateEnvironment()
    {
        var environment = new CelEnvironment(Array.Empty<FileDescriptor>(), null);
        Type[] oneString = [typeof(string)];
        Type[] twoStrings = [typeof(string), typeof(string)];
        environment.RegisterFunction("lowerAscii", oneString, args => ((string)args[0]!).ToLowerInvariant());
        environment.RegisterFunction("upperAscii", oneString, args => ((string)args[0]!).ToUpperInvariant());
        environment.RegisterFunction("trim", oneString, args => ((string)args[0]!).Trim());
        environment.RegisterFunction("replace", [typeof(string), typeof(string), typeof(string)], args => ((string)args[0]!).Replace((string)args[1]!, (string)args[2]!, StringComparison.Ordinal));
        environment.RegisterFunction("split", twoStrings, args => ((string)args[0]!).Split((string)args[1]!).Cast<object?>().ToList());
        environment.RegisterFunction("indexOf", twoStrings, args => (long)((string)args[0]!).IndexOf((string)args[1]!, StringComparison.Ordinal));
        environment.RegisterFunction("lastIndexOf", twoStrings, args => (long)((string)args[0]!).LastIndexOf((string)args[1]!, StringComparison.Ordinal));
        foreach (var listType in new[] { typeof(IList), typeof(object[]) })
        {
            environment.RegisterFunction("join", [listType], args => string.Concat(((IEnumerable)args[0]!).Cast<object?>()));
            environment.RegisterFunction("join", [listType, typeof(string)], args => string.Join((string)args[1]!, ((IEnumerable)args[0]!).Cast<object?>()));
        }

        return environment;
    }
}
