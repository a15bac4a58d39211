using O2O.Domain.Common;
using O2O.Domain.Promotions;

namespace O2O.Domain.Tests.Promotions;

public sealed class PromotionRulesTests
{
    private static readonly Guid Paris = Guid.NewGuid();
    private static readonly Guid Lisbon = Guid.NewGuid();
    private static readonly Guid Shoes = Guid.NewGuid();
    private static readonly Guid Socks = Guid.NewGuid();
    private static readonly DateTime Noon = new(2026, 6, 10, 12, 0, 0);

    private static Promotion Percent(int basisPoints) =>
        new(Guid.NewGuid(), "Summer", PromotionKind.PercentOff, basisPoints, null, null, PromoCodeMode.Shared, DateTimeOffset.UnixEpoch);

    private static Promotion Fixed(long amount, string currency = "EUR") =>
        new(Guid.NewGuid(), "Five off", PromotionKind.AmountOff, null, amount, currency, PromoCodeMode.Shared, DateTimeOffset.UnixEpoch);

    private static PromoContext Basket(params PromoLine[] lines) =>
        new(Paris, Noon, "EUR", lines.Sum(l => l.Amount), lines, FirstOrder: true);

    [Fact]
    public void A_percentage_is_rounded_half_away_from_zero_and_spread_over_the_lines_exactly()
    {
        var (discount, refusal) = PromotionRules.Evaluate(Percent(1_000), Basket(new(Shoes, "Shoes", 1_005), new(Socks, "Socks", 1_000)));

        refusal.ShouldBeNull();
        discount!.Total.ShouldBe(201); // 10 % of 20.05 is 2.005
        discount.PerLine.Sum().ShouldBe(201);
        discount.PerLine.ShouldBe([101, 100]);
    }

    [Fact]
    public void Only_the_products_and_categories_it_covers_are_discounted()
    {
        var promotion = Percent(5_000);
        promotion.ChangeConditions(null, [], ["Shoes"], [], null, null, false);

        var (discount, _) = PromotionRules.Evaluate(promotion, Basket(new(Shoes, "Shoes", 3_000), new(Socks, "Socks", 999)));

        discount!.PerLine.ShouldBe([1_500, 0]);
    }

    [Fact]
    public void A_fixed_amount_is_at_most_the_goods_it_covers_and_never_the_whole_basket()
    {
        var (small, _) = PromotionRules.Evaluate(Fixed(500), Basket(new PromoLine(Shoes, "Shoes", 300)));
        small!.Total.ShouldBe(270); // capped at 90 %: every order is still paid for

        var (big, _) = PromotionRules.Evaluate(Fixed(500), Basket(new(Shoes, "Shoes", 3_000), new(Socks, "Socks", 1)));
        big!.Total.ShouldBe(500);
        big.PerLine.Sum().ShouldBe(500);
    }

    [Fact]
    public void In_a_currency_without_decimals_the_parts_still_add_up()
    {
        var promotion = Fixed(1_000, "JPY");
        var context = new PromoContext(Paris, Noon, "JPY", 9_999, [new(Shoes, "Shoes", 3_333), new(Socks, "Socks", 3_333), new(Guid.NewGuid(), "Hats", 3_333)], true);

        var (discount, _) = PromotionRules.Evaluate(promotion, context);

        discount!.PerLine.ShouldBe([334, 333, 333]);
    }

    [Theory]
    [InlineData(2026, 6, 10, 8, 59, PromoRefusal.NotStarted)]
    [InlineData(2026, 6, 10, 9, 0, null)]
    [InlineData(2026, 6, 30, 23, 59, null)]
    [InlineData(2026, 7, 1, 0, 0, PromoRefusal.Ended)]
    public void Validity_is_read_on_the_stores_own_clock(int y, int mo, int d, int h, int mi, PromoRefusal? expected)
    {
        var promotion = Percent(1_000);
        promotion.ChangeConditions(null, [], [], [], new DateTime(2026, 6, 10, 9, 0, 0), new DateTime(2026, 7, 1, 0, 0, 0), false);
        var context = Basket(new PromoLine(Shoes, "Shoes", 1_000)) with { StoreLocalNow = new DateTime(y, mo, d, h, mi, 0) };

        PromotionRules.Evaluate(promotion, context).Refusal.ShouldBe(expected);
    }

    [Fact]
    public void Each_condition_refuses_with_its_own_reason()
    {
        var promotion = Fixed(500);
        promotion.ChangeConditions(5_000, [Shoes], [], [Paris], null, null, firstOrderOnly: true);
        var shoes = new PromoLine(Shoes, "Shoes", 6_000);

        PromotionRules.Evaluate(promotion, Basket(shoes)).Refusal.ShouldBeNull();
        PromotionRules.Evaluate(promotion, Basket(shoes) with { StoreId = Lisbon }).Refusal.ShouldBe(PromoRefusal.NotForThisStore);
        PromotionRules.Evaluate(promotion, Basket(shoes) with { Currency = "CHF" }).Refusal.ShouldBe(PromoRefusal.WrongCurrency);
        PromotionRules.Evaluate(promotion, Basket(shoes) with { FirstOrder = false }).Refusal.ShouldBe(PromoRefusal.FirstOrderOnly);
        PromotionRules.Evaluate(promotion, Basket(new PromoLine(Shoes, "Shoes", 4_999))).Refusal.ShouldBe(PromoRefusal.MinimumNotReached);
        PromotionRules.Evaluate(promotion, Basket(new PromoLine(Socks, "Socks", 6_000))).Refusal.ShouldBe(PromoRefusal.NotForTheseProducts);
        promotion.Pause();
        PromotionRules.Evaluate(promotion, Basket(shoes)).Refusal.ShouldBe(PromoRefusal.Paused);
    }

    [Fact]
    public void A_till_that_sends_only_its_subtotal_gets_an_everything_promotion_but_not_a_product_one()
    {
        var till = new PromoContext(Paris, Noon, "EUR", 2_000, null, null);

        PromotionRules.Evaluate(Percent(1_500), till).Discount!.Total.ShouldBe(300);

        var shoesOnly = Percent(1_500);
        shoesOnly.ChangeConditions(null, [Shoes], [], [], null, null, false);
        PromotionRules.Evaluate(shoesOnly, till).Refusal.ShouldBe(PromoRefusal.NotForTheseProducts);
    }

    [Fact]
    public void A_first_order_promotion_is_one_use_per_customer_whatever_is_typed()
    {
        var promotion = Percent(1_000);
        promotion.ChangeConditions(null, [], [], [], null, null, firstOrderOnly: true);
        promotion.ChangeLimits(100, 5);

        promotion.MaxUsesPerCustomer.ShouldBe(1);
    }

    [Fact]
    public void Refusals_have_snake_case_names_for_the_api() =>
        PromotionRules.Code(PromoRefusal.NotForThisStore).ShouldBe("not_for_this_store");

    [Fact]
    public void Bad_discounts_are_refused_by_the_domain()
    {
        Should.Throw<DomainException>(() => Percent(0));
        Should.Throw<DomainException>(() => Percent(10_001));
        Should.Throw<DomainException>(() => Fixed(0));
        Should.Throw<DomainException>(() => new Promotion(Guid.NewGuid(), "x", PromotionKind.AmountOff, null, 100, null, PromoCodeMode.Shared, DateTimeOffset.UnixEpoch));
    }
}

public sealed class PromoCodesTests
{
    [Theory]
    [InlineData("summer-10", "SUMMER10")]
    [InlineData(" Hello ", "HE110")]
    [InlineData("ab2c d3ef", "AB2CD3EF")]
    public void Codes_compare_without_case_spaces_dashes_or_confusable_letters(string typed, string normalized) =>
        PromoCodes.Normalize(typed).ShouldBe(normalized);

    [Fact]
    public void A_code_read_with_o_for_zero_or_l_for_one_still_matches() =>
        PromoCodes.Normalize("W0O1-LI").ShouldBe(PromoCodes.Normalize("wOo1 li"));

    [Fact]
    public void Generated_codes_are_unique_twelve_symbols_without_confusables()
    {
        var codes = Enumerable.Range(0, 10_000).Select(_ => PromoCodes.Generate()).ToList();

        codes.Distinct().Count().ShouldBe(codes.Count);
        codes.ShouldAllBe(c => c.Length == 14 && c[4] == '-' && c[9] == '-');
        codes.SelectMany(c => c.Replace("-", "", StringComparison.Ordinal)).ShouldAllBe(ch => PromoCodes.Alphabet.Contains(ch));
        codes.ShouldAllBe(c => PromoCodes.Normalize(c) == c.Replace("-", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Other_characters_never_shorten_a_code_into_another() =>
        PromoCodes.Normalize("SUMMER10€").ShouldNotBe(PromoCodes.Normalize("SUMMER10"));
}
