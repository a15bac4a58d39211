namespace O2O.Application.Common;

public static class LikePattern
{
    /// <summary>Makes user text match literally inside a LIKE pattern whose escape character is a backslash.</summary>
    public static string Escape(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
