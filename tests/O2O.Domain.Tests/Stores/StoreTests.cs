using O2O.Domain.Common;
using O2O.Domain.Stores;

namespace O2O.Domain.Tests.Stores;

public sealed class StoreTests
{
    [Fact]
    public void OpeningHours_ClosingBeforeOpening_IsRejected() =>
        Should.Throw<DomainException>(() => new OpeningHours(DayOfWeek.Monday, new TimeOnly(18, 0), new TimeOnly(9, 0)));

    [Fact]
    public void OpeningHours_OverlappingRangesOnOneDay_AreRejected()
    {
        var store = new StoreBuilder().Build();

        Should.Throw<DomainException>(() => store.SetOpeningHours(
        [
            new OpeningHours(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(13, 0)),
            new OpeningHours(DayOfWeek.Monday, new TimeOnly(12, 0), new TimeOnly(18, 0)),
        ]));
    }

    [Fact]
    public void AnUnknownTimeZone_IsRejected() =>
        Should.Throw<DomainException>(() => new StoreBuilder().InZone("Mars/Olympus_Mons").Build());

    [Fact]
    public void PickupSettings_OutOfRange_AreRejected()
    {
        Should.Throw<DomainException>(() => new PickupSettings(0, 5, 60, 7, 3, CaptureMode.AtOrder));
        Should.Throw<DomainException>(() => new PickupSettings(30, 0, 60, 7, 3, CaptureMode.AtOrder));
        Should.Throw<DomainException>(() => new PickupSettings(30, 5, -1, 7, 3, CaptureMode.AtOrder));
    }

    [Fact]
    public void Money_RejectsNegativeAmountsAndBadCurrencies()
    {
        Should.Throw<DomainException>(() => new Money(-1, "EUR"));
        Should.Throw<DomainException>(() => new Money(1, "euro"));
        new Money(250, "EUR").Times(3).ShouldBe(new Money(750, "EUR"));
    }

    [Fact]
    public void Distance_ParisToLisbon_IsAbout1450Km()
    {
        var km = new GeoPoint(48.8566, 2.3522).DistanceKmTo(new GeoPoint(38.7223, -9.1393));

        km.ShouldBeInRange(1440, 1460);
    }
}
