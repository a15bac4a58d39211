using O2O.Domain.Common;
using O2O.Domain.Orders;
using O2O.Domain.Pickup;
using O2O.Domain.Promotions;
using O2O.Domain.Stores;
using O2O.Domain.Tax;

namespace O2O.Domain.Tests.Orders;

/// <summary>
/// An order with a code, and points on top (ADR 52): its VAT is on what was paid, a short pick refunds only the
/// difference the recomputed discount leaves, and returns of any units in any number add up to exactly what was paid.
/// </summary>
public sealed class PromoMoneyTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly VatRate Standard = new(2000), Reduced = new(550);

    private static Promotion Percent(int basisPoints, params string[] categories)
    {
        var promotion = new Promotion(Guid.NewGuid(), "Test", PromotionKind.PercentOff, basisPoints, null, null, PromoCodeMode.Shared, Now);
        promotion.ChangeConditions(null, [], categories, [], null, null, false);
        return promotion;
    }

    private static Promotion AmountOff(long minor, string currency) =>
        new(Guid.NewGuid(), "Test", PromotionKind.AmountOff, null, minor, currency, PromoCodeMode.Shared, Now);

    /// <summary>A paid order of these lines (category "Home" at 20 %, "Food" at 5.5 %), with the promotion applied and then the points.</summary>
    private static Order Paid(Promotion promotion, long points, string currency, IEnumerable<(string Category, long Price, int Quantity)> lines)
    {
        var items = lines.Select((l, i) => (Id: Guid.NewGuid(), l.Category, l.Price, l.Quantity, Sku: "SKU" + i)).ToList();
        var categories = items.ToDictionary(i => i.Id, i => i.Category);
        var order = new Order(Guid.NewGuid(), "100001", Guid.NewGuid(), new Customer("a@b.test", "A", null), "user-1",
            new PickupSlot(Now.AddDays(1), Now.AddDays(1).AddMinutes(30)),
            items.Select(i => (i.Id, i.Sku, i.Sku, new Money(i.Price, currency), i.Quantity)), CaptureMode.AtOrder, "hash", Now, Now.AddMinutes(15));
        order.ChargeVat(l => categories[l.ProductId] == "Food" ? (TaxCategory.Reduced, Reduced) : (TaxCategory.Standard, Standard));
        order.Categorize(l => categories[l.ProductId]);
        var discount = PromotionRules.DiscountOn(promotion, order.GoodsAmount, order.PromoLines());
        order.ApplyPromotion(promotion.Id, Guid.NewGuid(), "CODE", discount);
        if (points > 0) order.PayWithPoints(points, Math.Min(points, order.TotalAmount / 2));
        order.RecordPaymentReference("test", "pi_1");
        order.MarkPaid("ABC123", Now, "test");
        return order;
    }

    private static void Collect(Order order)
    {
        order.MarkReady(Now, "staff");
        order.TryCollect("ABC123", Now, "staff").ShouldBeTrue();
    }

    [Fact]
    public void The_VAT_is_on_the_goods_less_the_code_and_the_points_and_adds_up_to_the_total()
    {
        // 10 % off Home only: lamps 2 × 10.00 → 2.00 off; tea 3 × 2.35 not covered. Then 3.33 of points.
        var order = Paid(Percent(1000, "Home"), 333, "EUR", [("Home", 1000, 2), ("Food", 235, 3)]);

        order.PromoDiscountAmount.ShouldBe(200);
        order.Lines.Select(l => l.PromoDiscountAmount).ShouldBe([200, 0]);
        order.TotalAmount.ShouldBe(2705 - 200 - 333);
        // The points are spread on what the code left: 1800 and 705 → 239.25 and 93.75 → 239, 94.
        order.PointsDiscountByLine().Select(d => d.Discount).ShouldBe([239, 94]);
        order.Vat.Select(v => (v.Rate.BasisPoints, v.Gross.Amount)).ShouldBe([(2000, 1800 - 239), (550, 705 - 94)]);
        order.Vat.Sum(v => v.Gross.Amount).ShouldBe(order.TotalAmount);
    }

    [Fact]
    public void A_short_pick_recomputes_the_discount_on_what_remains_and_refunds_only_the_difference()
    {
        // 20 % off: 4 × 12.50 = 50.00 → 10.00 off; one short: 37.50 → 7.50 off; the refund is 12.50 − 2.50.
        var promotion = Percent(2000);
        var order = Paid(promotion, 0, "EUR", [("Home", 1250, 4)]);

        var removed = order.MarkLineShort(order.Lines[0].Id, 1, "broken", Now, "staff", promotion);

        removed.Amount.ShouldBe(1000);
        order.PromoDiscountAmount.ShouldBe(750);
        order.Lines[0].PromoDiscountAmount.ShouldBe(750);
        order.TotalAmount.ShouldBe(3000);
        order.PaymentCommands.Single().Money.Amount.ShouldBe(1000);
    }

    [Fact]
    public void A_short_pick_never_takes_the_code_away_even_below_its_minimum()
    {
        var promotion = AmountOff(500, "EUR");
        promotion.ChangeConditions(3000, [], [], [], null, null, false);
        var order = Paid(promotion, 0, "EUR", [("Home", 1000, 3)]);

        order.MarkLineShort(order.Lines[0].Id, 2, "broken", Now, "staff", promotion);

        // 10.00 left, under the 30.00 minimum: the 5.00 stays, so 20.00 of goods is refunded in full.
        order.PromoDiscountAmount.ShouldBe(500);
        order.TotalAmount.ShouldBe(500);
        order.PaymentCommands.Single().Money.Amount.ShouldBe(2000);
    }

    [Fact]
    public void A_short_pick_refunds_between_nothing_and_the_price_even_if_the_promotion_was_changed_since()
    {
        var promotion = Percent(5000);
        var order = Paid(promotion, 0, "EUR", [("Home", 1000, 4), ("Food", 500, 2)]);
        promotion.ChangeDiscount(PromotionKind.PercentOff, 100, null, null); // 50 % became 1 %

        var removed = order.MarkLineShort(order.Lines[1].Id, 1, "broken", Now, "staff", promotion);

        removed.Amount.ShouldBe(0); // the discount keeps all it can: 2500 − 500
        order.PromoDiscountAmount.ShouldBe(2000);
        order.Lines.Sum(l => l.PromoDiscountAmount).ShouldBe(order.PromoDiscountAmount);
        order.Lines.ShouldAllBe(l => l.PromoDiscountAmount <= l.LineTotal.Amount);
    }

    [Fact]
    public void An_order_with_a_code_is_short_picked_with_its_promotion_only()
    {
        var order = Paid(Percent(1000), 0, "EUR", [("Home", 1000, 2)]);

        Should.Throw<DomainException>(() => order.MarkLineShort(order.Lines[0].Id, 1, "broken", Now, "staff"));
        Should.Throw<DomainException>(() => order.MarkLineShort(order.Lines[0].Id, 1, "broken", Now, "staff", Percent(1000)));
    }

    [Fact]
    public void A_line_fully_discounted_returns_nothing_and_the_points_are_taken_from_the_other_lines()
    {
        // 100 % off books (capped at 90 % of the basket, not reached): the book is free; points pay half of the lamp.
        var order = Paid(Percent(10_000, "Books"), 1000, "EUR", [("Books", 1000, 1), ("Home", 10_000, 1)]);
        Collect(order);

        var book = order.TakeBack(Guid.NewGuid(), order.StoreId, "Shop", [(order.Lines[0].Id, 1, true)], "changed_mind", Now, "staff");
        var lamp = order.TakeBack(Guid.NewGuid(), order.StoreId, "Shop", [(order.Lines[1].Id, 1, true)], "changed_mind", Now, "staff");

        book.RefundAmount.ShouldBe(0);
        lamp.RefundAmount.ShouldBe(order.TotalAmount);
        order.PointsHeld().ShouldBe(0);
    }

    [Fact]
    public void Returns_of_a_line_unit_by_unit_add_up_to_what_was_paid_for_it()
    {
        var order = Paid(Percent(1500), 0, "EUR", [("Home", 333, 7)]); // 23.31, 15 % = 3.4965 → 3.50
        Collect(order);
        var line = order.Lines[0];

        var refunds = Enumerable.Range(0, 7).Select(_ => order.TakeBack(Guid.NewGuid(), order.StoreId, "Shop", [(line.Id, 1, false)], "faulty", Now, "staff").RefundAmount).ToList();

        order.PromoDiscountAmount.ShouldBe(350);
        refunds.Sum().ShouldBe(order.TotalAmount);
        refunds.ShouldAllBe(r => r == 283 || r == 284); // 333 less 50 or 49 of the line's 350
    }

    [Theory]
    [InlineData("EUR", 1)]
    [InlineData("EUR", 2)]
    [InlineData("JPY", 3)]
    [InlineData("JPY", 4)]
    public void Random_orders_with_codes_short_picks_and_returns_always_add_up_to_what_was_paid(string currency, int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 200; round++)
        {
            var lines = Enumerable.Range(0, random.Next(1, 5))
                .Select(_ => (random.Next(3) == 0 ? "Food" : "Home", (long)random.Next(1, currency == "JPY" ? 20_000 : 5_000), random.Next(1, 6))).ToList();
            var promotion = random.Next(2) == 0 ? Percent(random.Next(1, 10_001), random.Next(2) == 0 ? ["Home"] : [])
                : AmountOff(random.Next(1, 10_000), currency);
            var goods = lines.Sum(l => l.Item2 * l.Item3);
            if (PromotionRules.DiscountOn(promotion, goods, [.. lines.Select(l => new PromoLine(Guid.Empty, l.Item1, l.Item2 * l.Item3))]).Total >= goods) continue;
            var order = Paid(promotion, random.Next(0, 3) * random.Next(0, 2_000), currency, lines);
            var paid = order.TotalAmount;
            long refunded = 0;
            foreach (var line in order.Lines.Where(_ => random.Next(3) == 0).ToList())
            {
                var units = random.Next(1, line.HeldQuantity + 1);
                if (units == line.HeldQuantity && order.Lines.Count(l => l.HeldQuantity > 0) == 1) continue;
                refunded += order.MarkLineShort(line.Id, units, "short", Now, "staff", promotion).Amount;
            }
            order.Lines.Sum(l => l.PromoDiscountAmount).ShouldBe(order.PromoDiscountAmount);
            order.Lines.ShouldAllBe(l => l.PromoDiscountAmount >= 0 && l.PromoDiscountAmount <= l.LineTotal.Amount);
            (refunded + order.TotalAmount).ShouldBe(paid);
            order.Vat.Sum(v => v.Gross.Amount).ShouldBe(order.TotalAmount);
            Collect(order);

            var returned = new List<long>();
            while (order.Lines.Any(l => l.ReturnableQuantity > 0))
            {
                var take = order.Lines.Where(l => l.ReturnableQuantity > 0).Where(_ => random.Next(2) == 0)
                    .Select(l => (l.Id, random.Next(1, l.ReturnableQuantity + 1), true)).ToList();
                if (take.Count == 0) continue;
                var taken = order.TakeBack(Guid.NewGuid(), order.StoreId, "Shop", take, "faulty", Now, "staff");
                taken.Lines.Sum(l => l.Amount).ShouldBe(taken.RefundAmount);
                taken.Lines.ShouldAllBe(l => l.Amount >= 0);
                returned.Add(taken.RefundAmount);
            }
            returned.Sum().ShouldBe(order.TotalAmount, $"round {round}");
            order.PointsHeld().ShouldBe(0);
        }
    }
}
