using O2O.Domain.Pickup;
using O2O.Domain.Stores;

namespace O2O.Domain.Tests.Pickup;

public sealed class PickupScheduleTests
{
    private static readonly DateTimeOffset LongBefore = new(2026, 3, 20, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(2026, 3, 29, "+02:00")] // spring forward in Paris: 02:00 → 03:00
    [InlineData(2026, 10, 25, "+01:00")] // fall back in Paris: 03:00 → 02:00
    [InlineData(2026, 3, 28, "+01:00")]
    [InlineData(2026, 10, 24, "+02:00")]
    public void SlotsOnADaylightSavingDay_StartAtTheLocalOpeningTime_WithTheRightOffset(int y, int m, int d, string offset)
    {
        var store = new StoreBuilder().Build();
        var date = new DateOnly(y, m, d);
        var now = date.ToDateTime(TimeOnly.MinValue).AddDays(-3);

        var slots = PickupSchedule.SlotsFor(store, date, 1, new DateTimeOffset(now, TimeSpan.Zero));

        slots.Count.ShouldBe(22); // 09:00–20:00 in 30-minute slots
        slots[0].Start.ToString("yyyy-MM-ddTHH:mmzzz").ShouldBe($"{date:yyyy-MM-dd}T09:00{offset}");
        slots[^1].End.ToString("HH:mmzzz").ShouldBe($"20:00{offset}");
        slots.Select(s => s.Start).Distinct().Count().ShouldBe(slots.Count);
        slots.Zip(slots.Skip(1)).ShouldAllBe(p => p.First.End == p.Second.Start);
    }

    [Fact]
    public void ANightStoreOnFallBackDay_GetsTheRepeatedHourOnce_AndNoDuplicate()
    {
        var store = new StoreBuilder().Open(DayOfWeek.Sunday, 0, 6).Build();
        var date = new DateOnly(2026, 10, 25);

        var slots = PickupSchedule.SlotsFor(store, date, 1, LongBefore.AddMonths(7));

        // 00:00–06:00 local lasts seven real hours on that night: fourteen 30-minute slots.
        slots.Count.ShouldBe(14);
        slots.Select(s => s.Start.UtcDateTime).Distinct().Count().ShouldBe(14);
        slots.Zip(slots.Skip(1)).ShouldAllBe(p => p.First.End == p.Second.Start);
        slots.Count(s => s.Start.ToString("HH:mm") == "02:30").ShouldBe(2); // once in summer time, once in winter time
        slots.Where(s => s.Start.ToString("HH:mm") == "02:30").Select(s => s.Start.Offset).ShouldBe([TimeSpan.FromHours(2), TimeSpan.FromHours(1)]);
    }

    [Fact]
    public void ANightStoreOnSpringForwardDay_LosesOnlyTheHourThatDoesNotExist()
    {
        var store = new StoreBuilder().Open(DayOfWeek.Sunday, 0, 6).Build();

        var slots = PickupSchedule.SlotsFor(store, new DateOnly(2026, 3, 29), 1, LongBefore.AddDays(5));

        slots.Count.ShouldBe(10); // five real hours
        slots.ShouldNotContain(s => s.Start.ToString("HH") == "02");
        slots.Zip(slots.Skip(1)).ShouldAllBe(p => p.First.End == p.Second.Start);
    }

    [Fact]
    public void SlotsBeforeNowPlusLeadTime_AreNotOffered()
    {
        var store = new StoreBuilder().Build(); // lead time 60 minutes
        var now = new DateTimeOffset(2026, 6, 10, 12, 10, 0, TimeSpan.FromHours(2));

        var slots = PickupSchedule.SlotsFor(store, new DateOnly(2026, 6, 10), 1, now);

        slots[0].Start.ShouldBe(new DateTimeOffset(2026, 6, 10, 13, 30, 0, TimeSpan.FromHours(2)));
    }

    [Fact]
    public void AClosedDay_HasNoSlots()
    {
        var closed = new DateOnly(2026, 6, 12);
        var store = new StoreBuilder().ClosedOn(closed).Build();

        var slots = PickupSchedule.SlotsFor(store, new DateOnly(2026, 6, 11), 3, new DateTimeOffset(2026, 6, 10, 0, 0, 0, TimeSpan.Zero));

        slots.ShouldNotBeEmpty();
        slots.ShouldNotContain(s => DateOnly.FromDateTime(s.Start.DateTime) == closed);
    }

    [Fact]
    public void DaysBeyondTheBookingHorizon_HaveNoSlots()
    {
        var store = new StoreBuilder().Build(); // horizon 7 days
        var now = new DateTimeOffset(2026, 6, 10, 8, 0, 0, TimeSpan.FromHours(2));

        var slots = PickupSchedule.SlotsFor(store, new DateOnly(2026, 6, 10), 30, now);

        slots.Max(s => DateOnly.FromDateTime(s.Start.DateTime)).ShouldBe(new DateOnly(2026, 6, 17));
    }

    [Fact]
    public void AWeekdayWithoutOpeningHours_HasNoSlots()
    {
        var store = new StoreBuilder().Open(DayOfWeek.Monday, 9, 12).Build();

        var slots = PickupSchedule.SlotsFor(store, new DateOnly(2026, 6, 9), 1, LongBefore); // a Tuesday

        slots.ShouldBeEmpty();
    }

    [Fact]
    public void Find_AcceptsOnlyAnExactOfferedSlotStart()
    {
        var store = new StoreBuilder().Build();
        var now = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

        PickupSchedule.Find(store, new DateTimeOffset(2026, 6, 3, 10, 0, 0, TimeSpan.FromHours(2)), now).ShouldNotBeNull();
        PickupSchedule.Find(store, new DateTimeOffset(2026, 6, 3, 8, 0, 0, TimeSpan.Zero), now).ShouldNotBeNull(); // same instant in UTC
        PickupSchedule.Find(store, new DateTimeOffset(2026, 6, 3, 10, 10, 0, TimeSpan.FromHours(2)), now).ShouldBeNull();
        PickupSchedule.Find(store, new DateTimeOffset(2026, 6, 3, 21, 0, 0, TimeSpan.FromHours(2)), now).ShouldBeNull();
        PickupSchedule.Find(store, new DateTimeOffset(2026, 5, 31, 10, 0, 0, TimeSpan.FromHours(2)), now).ShouldBeNull(); // past
    }
}
