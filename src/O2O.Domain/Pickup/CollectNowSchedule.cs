using O2O.Domain.Stores;

namespace O2O.Domain.Pickup;

public enum CollectNowRefusal
{
    /// <summary>The store does not take collect-now orders.</summary>
    NotOffered,
    /// <summary>The store is closed now, or closes before an order placed now could be ready.</summary>
    Closed,
}

/// <summary>
/// When a collect-now order placed now is ready, the quarter hour of the store's clock whose capacity it takes, and
/// its pickup window: from ready until the store closes, so the hold, arrival and no-show rules of slot orders apply as they are.
/// </summary>
public readonly record struct CollectNowOffer(PickupSlot Pickup, DateTimeOffset WindowStart)
{
    public DateTimeOffset Ready => Pickup.Start;

    /// <summary>The next quarter hour, for a shopper whose window is full; null if the store closes first.</summary>
    public DateTimeOffset? NextWindowStart =>
        WindowStart.AddMinutes(CollectNowSettings.WindowMinutes) is var next && next < Pickup.End ? next : null;
}

public static class CollectNowSchedule
{
    /// <summary>The offer for an order placed at <paramref name="now"/>, or why there is none.</summary>
    public static (CollectNowOffer? Offer, CollectNowRefusal? Refusal) At(Store store, DateTimeOffset now)
    {
        var settings = store.CollectNow;
        if (!settings.Enabled) return (null, CollectNowRefusal.NotOffered);
        if (store.OpenRangeAt(now) is not { } open) return (null, CollectNowRefusal.Closed);
        var ready = now.AddMinutes(settings.PrepareMinutes);
        if (ready >= open.Closes) return (null, CollectNowRefusal.Closed);
        var zone = store.TimeZone;
        return (new CollectNowOffer(new PickupSlot(TimeZoneInfo.ConvertTime(ready, zone), TimeZoneInfo.ConvertTime(open.Closes, zone)),
            WindowOf(ready, zone)), null);
    }

    /// <summary>
    /// The quarter hour (:00, :15, :30, :45 of the store's wall clock) containing <paramref name="instant"/>, in UTC.
    /// Local, not UTC, alignment: in a zone such as Asia/Kathmandu (+05:45) the two differ, and the clerk thinks in local quarters.
    /// </summary>
    public static DateTimeOffset WindowOf(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var into = local.TimeOfDay.Ticks % TimeSpan.FromMinutes(CollectNowSettings.WindowMinutes).Ticks;
        return local.AddTicks(-into).ToUniversalTime();
    }
}
