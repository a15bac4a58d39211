namespace O2O.Application.Abstractions;

/// <summary>Who sends a request: the edge fills this from the signed-in user, so handlers can scope and record it.</summary>
public sealed record Actor(string? UserId, string Name, bool IsAdmin, bool IsStaff)
{
    public static readonly Actor Anonymous = new(null, "anonymous", false, false);
    public static readonly Actor System = new(null, "system", false, false);
}
