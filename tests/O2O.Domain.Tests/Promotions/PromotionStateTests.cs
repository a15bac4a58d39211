using O2O.Application.Promotions;
using O2O.Domain.Promotions;

namespace O2O.Domain.Tests.Promotions;

/// <summary>
/// A promotion's dates are read on each store's clock (ADR 51), so across zones it starts and ends at different instants:
/// 09:00 to 18:00 on 10 June is 06:00–15:00 UTC in Helsinki and 08:00–17:00 UTC in Lisbon (ADR 53).
/// </summary>
public sealed class PromotionStateTests
{
    private static readonly TimeZoneInfo Helsinki = TimeZoneInfo.FindSystemTimeZoneById("Europe/Helsinki");
    private static readonly TimeZoneInfo Lisbon = TimeZoneInfo.FindSystemTimeZoneById("Europe/Lisbon");

    private static Promotion OneDay()
    {
        var p = new Promotion(Guid.NewGuid(), "One day", PromotionKind.PercentOff, 1_000, null, null, PromoCodeMode.Shared, DateTimeOffset.UnixEpoch);
        p.ChangeConditions(null, [], [], [], new DateTime(2026, 6, 10, 9, 0, 0), new DateTime(2026, 6, 10, 18, 0, 0), false);
        return p;
    }

    private static DateTimeOffset Utc(int hour, int minute = 0) => new(2026, 6, 10, hour, minute, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(5, 30, PromotionState.Scheduled, false)] // 08:30 in Helsinki, 06:30 in Lisbon
    [InlineData(7, 0, PromotionState.Active, false)]     // begun in Helsinki only
    [InlineData(8, 30, PromotionState.Active, true)]     // in force on both clocks
    [InlineData(16, 0, PromotionState.Active, false)]    // over in Helsinki, not yet in Lisbon
    [InlineData(17, 0, PromotionState.Ended, false)]     // 18:00 in Lisbon: the end is excluded
    public void A_promotion_is_active_while_it_is_in_force_on_one_of_its_stores_clocks(int hour, int minute, PromotionState state, bool everywhere)
    {
        var (actual, inForceEverywhere, _, _) = PromotionViews.StateOf(OneDay(), [Helsinki, Lisbon], Utc(hour, minute));

        actual.ShouldBe(state);
        inForceEverywhere.ShouldBe(everywhere);
    }

    [Fact]
    public void It_starts_in_the_first_zone_and_ends_in_the_last()
    {
        var (_, _, starts, ends) = PromotionViews.StateOf(OneDay(), [Lisbon, Helsinki], Utc(12));

        starts.ShouldBe(Utc(6));
        ends.ShouldBe(Utc(17));
    }

    [Fact]
    public void A_paused_promotion_is_paused_whatever_the_clock_says()
    {
        var promotion = OneDay();
        promotion.Pause();

        PromotionViews.StateOf(promotion, [Helsinki], Utc(12)).State.ShouldBe(PromotionState.Paused);
        promotion.Resume();
        PromotionViews.StateOf(promotion, [Helsinki], Utc(12)).State.ShouldBe(PromotionState.Active);
    }

    [Fact]
    public void A_start_the_clocks_skip_is_reached_when_they_land_past_it()
    {
        var promotion = new Promotion(Guid.NewGuid(), "Spring", PromotionKind.PercentOff, 1_000, null, null, PromoCodeMode.Shared, DateTimeOffset.UnixEpoch);
        promotion.ChangeConditions(null, [], [], [], new DateTime(2026, 3, 29, 3, 30, 0), null, false); // Helsinki goes 03:00 → 04:00

        PromotionViews.StateOf(promotion, [Helsinki], Utc(0)).StartsAt.ShouldBe(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero));
    }
}
