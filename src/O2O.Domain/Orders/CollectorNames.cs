namespace O2O.Domain.Orders;

/// <summary>
/// The name of a stand-in collector, as the clerk reads it aloud and compares it with an ID: letters of any script,
/// with the spaces, apostrophes, hyphens and dots names use, and nothing else (no digits, links or markup).
/// </summary>
public static partial class CollectorNames
{
    public const int MaxLength = 100;

    /// <summary>Blank means "nobody else": the shopper collects.</summary>
    public static string? Normalize(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public static bool IsValid(string? name) =>
        Normalize(name) is not { } n || (n.Length <= MaxLength && Allowed().IsMatch(n));

    [System.Text.RegularExpressions.GeneratedRegex(@"^\p{L}[\p{L}\p{M} '’.\-]*$")]
    private static partial System.Text.RegularExpressions.Regex Allowed();
}
