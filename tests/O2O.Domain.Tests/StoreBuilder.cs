using O2O.Domain.Common;
using O2O.Domain.Stores;

namespace O2O.Domain.Tests;

/// <summary>Test-data builder: a store open every day 09:00–20:00 unless told otherwise.</summary>
public sealed class StoreBuilder
{
    private string _zone = "Europe/Paris";
    private PickupSettings _pickup = new(30, 5, 60, 7, 3, CaptureMode.AtOrder);
    private readonly List<OpeningHours> _hours = [];
    private readonly List<DateOnly> _closed = [];

    public StoreBuilder InZone(string zone) { _zone = zone; return this; }
    public StoreBuilder WithPickup(PickupSettings settings) { _pickup = settings; return this; }
    public StoreBuilder Open(DayOfWeek day, int fromHour, int toHour) { _hours.Add(new OpeningHours(day, new TimeOnly(fromHour, 0), new TimeOnly(toHour, 0))); return this; }
    public StoreBuilder ClosedOn(DateOnly date) { _closed.Add(date); return this; }

    public Store Build()
    {
        var store = new Store(Guid.NewGuid(), "T01", "Test store", new StoreAddress("1 Main St", "75001", "Paris", "FR"),
            new GeoPoint(48.86, 2.34), _zone, _pickup);
        store.SetOpeningHours(_hours.Count > 0 ? _hours : Enum.GetValues<DayOfWeek>().Select(d => new OpeningHours(d, new TimeOnly(9, 0), new TimeOnly(20, 0))));
        foreach (var d in _closed) store.CloseOn(d, "Closed");
        return store;
    }
}
