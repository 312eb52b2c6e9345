using System.Text.RegularExpressions;

namespace AcrOperator.Sandbox.Arm.Resources;

/// <summary>A resource name's length bounds and pattern, as the spec's path parameter declares them.</summary>
internal sealed class ArmNameRule(int minLength, int maxLength, string pattern)
{
    private readonly Regex regex = new(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public int MinLength { get; } = minLength;

    public int MaxLength { get; } = maxLength;

    public string Pattern { get; } = pattern;

    public static ArmNameRule Any { get; } = new(1, 260, "^[^/]*$");

    public bool IsValid(string name) => name.Length >= MinLength && name.Length <= MaxLength && regex.IsMatch(name);
}
