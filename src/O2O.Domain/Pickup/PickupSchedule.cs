using O2O.Domain.Stores;

namespace O2O.Domain.Pickup;

/// <summary>
/// Computes a store's pickup slots from its opening hours, closures and pickup settings.
/// Each opening range is turned into a UTC interval first and cut into slots in UTC, so a
/// daylight-saving change inside opening hours neither duplicates nor drops a slot.
/// </summary>
public static class PickupSchedule
{
    public static IReadOnlyList<PickupSlot> SlotsFor(Store store, DateOnly fromLocal, int days, DateTimeOffset now)
    {
        var zone = store.TimeZone;
        var settings = store.Pickup;
        var earliest = now.AddMinutes(settings.LeadTimeMinutes);
        var lastBookableDay = store.LocalToday(now).AddDays(settings.BookingHorizonDays);
        var length = TimeSpan.FromMinutes(settings.SlotLengthMinutes);
        var slots = new List<PickupSlot>();

        for (var date = fromLocal; date < fromLocal.AddDays(days) && date <= lastBookableDay; date = date.AddDays(1))
        {
            if (store.IsClosedOn(date)) continue;
            foreach (var range in store.OpeningHours.Where(h => h.Day == date.DayOfWeek).OrderBy(h => h.Opens))
            {
                var openUtc = ToUtc(date.ToDateTime(range.Opens), zone, preferEarlier: true);
                var closeUtc = ToUtc(date.ToDateTime(range.Closes), zone, preferEarlier: false);
                for (var start = openUtc; start + length <= closeUtc; start += length)
                {
                    if (start < earliest.UtcDateTime) continue;
                    slots.Add(new PickupSlot(InZone(start, zone), InZone(start + length, zone)));
                }
            }
        }
        return slots;
    }

    /// <summary>True when <paramref name="start"/> is exactly the start of a slot this store offers now.</summary>
    public static PickupSlot? Find(Store store, DateTimeOffset start, DateTimeOffset now)
    {
        var localDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, store.TimeZone).DateTime);
        foreach (var slot in SlotsFor(store, localDate, 1, now))
            if (slot.Start.UtcDateTime == start.UtcDateTime) return slot;
        return null;
    }

    /// <summary>A store-local wall-clock time as a UTC instant (a skipped time moves past the gap; an ambiguous one picks a side).</summary>
    public static DateTimeOffset LocalToUtc(DateTime local, TimeZoneInfo zone, bool preferEarlier) =>
        new(ToUtc(local, zone, preferEarlier), TimeSpan.Zero);

    private static DateTime ToUtc(DateTime local, TimeZoneInfo zone, bool preferEarlier)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // A wall-clock time skipped by a spring-forward change does not exist: move to the instant after the gap.
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(1);
        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local).OrderByDescending(o => o).ToArray();
            // The larger offset is the first occurrence (summer time), the smaller the second.
            var offset = preferEarlier ? offsets[0] : offsets[^1];
            return new DateTimeOffset(local, offset).UtcDateTime;
        }
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    private static DateTimeOffset InZone(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), zone);
}
