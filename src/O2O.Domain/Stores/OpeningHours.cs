using O2O.Domain.Common;

namespace O2O.Domain.Stores;

/// <summary>One opening range on a weekday, in the store's local wall-clock time.</summary>
public sealed record OpeningHours
{
    public OpeningHours(DayOfWeek day, TimeOnly opens, TimeOnly closes)
    {
        if (closes <= opens) throw new DomainException($"On {day} the store must close after it opens.");
        Day = day;
        Opens = opens;
        Closes = closes;
    }

    public DayOfWeek Day { get; private init; }
    public TimeOnly Opens { get; private init; }
    public TimeOnly Closes { get; private init; }

    public bool Overlaps(OpeningHours other) => Day == other.Day && Opens < other.Closes && other.Opens < Closes;
}
