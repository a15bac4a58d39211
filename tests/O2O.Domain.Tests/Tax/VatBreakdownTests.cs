using O2O.Domain.Common;
using O2O.Domain.Orders;
using O2O.Domain.Pickup;
using O2O.Domain.Stores;
using O2O.Domain.Tax;

namespace O2O.Domain.Tests.Tax;

/// <summary>The VAT per rate in VAT-inclusive prices: exact in minor units, rounded once per rate, half away from zero.</summary>
public sealed class VatBreakdownTests
{
    private static readonly VatRate Standard = new(2000), Intermediate = new(1000), Reduced = new(550);

    private static (Money, VatRate) Eur(long cents, VatRate rate) => (new Money(cents, "EUR"), rate);

    [Fact]
    public void A_round_amount_splits_exactly()
    {
        var line = VatBreakdown.For([Eur(1200, Standard)]).ShouldHaveSingleItem();

        line.ShouldBe(new VatLine(Standard, new Money(1000, "EUR"), new Money(200, "EUR"), new Money(1200, "EUR")));
    }

    [Theory]
    [InlineData(3, 1)]   // 0.5 cent of VAT rounds up (half-even would give 0)
    [InlineData(15, 3)]  // 2.5 → 3 (half-even would give 2)
    [InlineData(9, 2)]   // 1.5 → 2
    [InlineData(14, 2)]  // 2.33 → 2
    public void Half_a_cent_rounds_away_from_zero(long gross, long tax)
    {
        var line = VatBreakdown.For([Eur(gross, Standard)]).ShouldHaveSingleItem();

        line.Tax.Amount.ShouldBe(tax);
        line.Net.Amount.ShouldBe(gross - tax);
    }

    [Fact]
    public void Several_rates_each_get_their_own_row_highest_first_and_add_up_to_the_gross_total()
    {
        var vat = VatBreakdown.For([Eur(1000, Standard), Eur(550, Reduced), Eur(1234, Intermediate), Eur(1999, Standard)]);

        vat.Select(v => (v.Rate.BasisPoints, v.Net.Amount, v.Tax.Amount, v.Gross.Amount)).ShouldBe(
        [
            (2000, 2499, 500, 2999),  // 2999 / 6 = 499.83
            (1000, 1122, 112, 1234),  // 1234 / 11 = 112.18
            (550, 521, 29, 550),      // 550 × 5.5 / 105.5 = 28.67
        ]);
        vat.Sum(v => v.Gross.Amount).ShouldBe(4783);
    }

    [Fact]
    public void The_tax_is_taken_once_per_rate_not_rounded_per_line()
    {
        // Per line each 3 cents would carry 1 cent (0.5 rounded up): 2 cents. The rate's 6 cents carry exactly 1.
        var line = VatBreakdown.For([Eur(3, Standard), Eur(3, Standard)]).ShouldHaveSingleItem();

        line.Tax.Amount.ShouldBe(1);
        line.Net.Amount.ShouldBe(5);
    }

    [Fact]
    public void A_currency_without_decimals_is_split_in_whole_units()
    {
        var vat = VatBreakdown.For([(new Money(1100, "JPY"), new VatRate(1000)), (new Money(1000, "JPY"), new VatRate(2550))]);

        vat.Select(v => (v.Rate.BasisPoints, v.Net, v.Tax)).ShouldBe(
        [
            (2550, new Money(797, "JPY"), new Money(203, "JPY")),  // 1000 × 25.5 / 125.5 = 203.19
            (1000, new Money(1000, "JPY"), new Money(100, "JPY")),
        ]);
    }

    [Fact]
    public void A_discount_nets_off_the_rate_of_the_goods_it_came_off()
    {
        var line = VatBreakdown.ForSigned([(1000L, "EUR", Standard), (-100L, "EUR", Standard)]).ShouldHaveSingleItem();

        (line.Net.Amount, line.Tax.Amount, line.Gross.Amount).ShouldBe((750L, 150L, 900L));
    }

    [Fact]
    public void Amounts_in_two_currencies_or_below_zero_at_a_rate_are_refused()
    {
        Should.Throw<DomainException>(() => VatBreakdown.For([Eur(100, Standard), (new Money(100, "JPY"), Standard)]));
        Should.Throw<DomainException>(() => VatBreakdown.ForSigned([(100L, "EUR", Standard), (-101L, "EUR", Standard)]));
    }

    [Fact]
    public void Net_and_tax_always_add_up_and_the_tax_is_within_half_a_unit_of_the_exact_amount()
    {
        var random = new Random(20260901);
        int[] rates = [0, 210, 550, 600, 1000, 1300, 1350, 1400, 2000, 2300, 2400, 2550];
        for (var i = 0; i < 10_000; i++)
        {
            var gross = random.NextInt64(0, 100_000_000);
            var rate = new VatRate(rates[random.Next(rates.Length)]);
            var line = VatBreakdown.For([Eur(gross, rate)]).ShouldHaveSingleItem();

            (line.Net.Amount + line.Tax.Amount).ShouldBe(gross);
            var exact = gross * (decimal)rate.BasisPoints / (10_000 + rate.BasisPoints);
            Math.Abs(line.Tax.Amount - exact).ShouldBeLessThanOrEqualTo(0.5m);
        }
    }

    [Fact]
    public void A_short_pick_leaves_its_units_out_and_the_rates_still_add_up_to_the_new_total()
    {
        var now = new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);
        var lamp = Guid.NewGuid();
        var tea = Guid.NewGuid();
        var order = new Order(Guid.NewGuid(), "100001", Guid.NewGuid(), new Customer("a@b.test", "A", null), null,
            new PickupSlot(now.AddDays(1), now.AddDays(1).AddMinutes(30)),
            [(lamp, "LAMP", "Lamp", new Money(1000, "EUR"), 2), (tea, "TEA", "Tea", new Money(250, "EUR"), 1)],
            CaptureMode.AtOrder, "hash", now, now.AddMinutes(15));
        order.ChargeVat(l => l.ProductId == lamp ? (TaxCategory.Standard, Standard) : (TaxCategory.Reduced, Reduced));
        order.MarkPaid("ABC123", now, "test");

        order.MarkLineShort(order.Lines.Single(l => l.ProductId == lamp).Id, 1, "broken", now, "staff");

        order.Vat.Select(v => (v.Rate.BasisPoints, v.Net.Amount, v.Tax.Amount, v.Gross.Amount)).ShouldBe(
        [
            (2000, 833, 167, 1000),  // one lamp left: 1000 / 6 = 166.67
            (550, 237, 13, 250),     // 250 × 5.5 / 105.5 = 13.03
        ]);
        order.Vat.Sum(v => v.Gross.Amount).ShouldBe(order.TotalAmount);
    }

    [Fact]
    public void The_rate_is_fixed_when_the_order_is_placed()
    {
        var now = new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);
        var order = new Order(Guid.NewGuid(), "100001", Guid.NewGuid(), new Customer("a@b.test", "A", null), null,
            new PickupSlot(now.AddDays(1), now.AddDays(1).AddMinutes(30)), [(Guid.NewGuid(), "LAMP", "Lamp", new Money(1000, "EUR"), 1)],
            CaptureMode.AtOrder, "hash", now, now.AddMinutes(15));
        order.MarkPaid("ABC123", now, "test");

        Should.Throw<DomainException>(() => order.ChargeVat(_ => (TaxCategory.Standard, Standard)));
    }
}

public sealed class VatRatesTests
{
    [Fact]
    public void Finland_charged_24_percent_until_the_end_of_August_2024_and_25_5_from_September()
    {
        VatRates.For("FI", TaxCategory.Standard, new DateOnly(2024, 8, 31)).ShouldBe(new VatRate(2400));
        VatRates.For("FI", TaxCategory.Standard, new DateOnly(2024, 9, 1)).ShouldBe(new VatRate(2550));
    }

    [Theory]
    [InlineData("FR", TaxCategory.Standard, 2000)]
    [InlineData("FR", TaxCategory.Intermediate, 1000)]
    [InlineData("FR", TaxCategory.Reduced, 550)]
    [InlineData("FR", TaxCategory.SuperReduced, 210)]
    [InlineData("PT", TaxCategory.Standard, 2300)]
    [InlineData("PT", TaxCategory.Intermediate, 1300)]
    [InlineData("PT", TaxCategory.Reduced, 600)]
    [InlineData("FI", TaxCategory.Reduced, 1000)]
    [InlineData("FI", TaxCategory.Zero, 0)]
    public void Each_country_has_a_rate_for_every_category(string country, TaxCategory category, int basisPoints)
    {
        VatRates.For(country, category, new DateOnly(2026, 12, 1)).ShouldBe(new VatRate(basisPoints));
        foreach (var c in Enum.GetValues<TaxCategory>()) VatRates.For(country, c, new DateOnly(2026, 12, 1)).ShouldNotBeNull();
    }

    [Fact]
    public void A_country_O2O_has_no_rates_for_has_none()
    {
        VatRates.For("DE", TaxCategory.Standard, new DateOnly(2026, 12, 1)).ShouldBeNull();
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10_001)]
    public void A_rate_is_between_0_and_100_percent(int basisPoints)
    {
        Should.Throw<DomainException>(() => new VatRate(basisPoints));
    }
}
