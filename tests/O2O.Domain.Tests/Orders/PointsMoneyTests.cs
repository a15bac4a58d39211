using O2O.Domain.Common;
using O2O.Domain.Orders;
using O2O.Domain.Pickup;
using O2O.Domain.Stores;
using O2O.Domain.Tax;

namespace O2O.Domain.Tests.Orders;

/// <summary>An order partly paid with points: its VAT, and its returns, add up to what was paid (ADR 49).</summary>
public sealed class PointsMoneyTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly VatRate Standard = new(2000), Reduced = new(550);

    /// <summary>Lamps 2 × 10.00 at 20 %, tea 3 × 2.35 at 5.5 %, a book 1 × 7.99 at 5.5 %; 3.33 off with points.</summary>
    private static Order Collected(long discount = 333, string currency = "EUR")
    {
        var lamp = Guid.NewGuid();
        var order = new Order(Guid.NewGuid(), "100001", Guid.NewGuid(), new Customer("a@b.test", "A", null), "user-1",
            new PickupSlot(Now.AddDays(1), Now.AddDays(1).AddMinutes(30)),
            [(lamp, "LAMP", "Lamp", new Money(1000, currency), 2), (Guid.NewGuid(), "TEA", "Tea", new Money(235, currency), 3),
             (Guid.NewGuid(), "BOOK", "Book", new Money(799, currency), 1)],
            CaptureMode.AtOrder, "hash", Now, Now.AddMinutes(15));
        order.ChargeVat(l => l.ProductId == lamp ? (TaxCategory.Standard, Standard) : (TaxCategory.Reduced, Reduced));
        order.PayWithPoints(333, discount);
        order.RecordPaymentReference("test", "pi_1");
        order.MarkPaid("ABC123", Now, "test");
        order.MarkReady(Now, "staff");
        order.TryCollect("ABC123", Now, "staff").ShouldBeTrue();
        return order;
    }

    [Fact]
    public void The_VAT_is_on_what_was_paid_so_its_gross_adds_up_to_the_total()
    {
        var order = Collected();   // goods 3504, paid 3171

        order.Vat.Sum(v => v.Gross.Amount).ShouldBe(order.TotalAmount);
        order.TotalAmount.ShouldBe(3171);
        // 333 across 2000 / 705 / 799 by largest remainder: 190.07, 67.00, 75.93 → 190, 67, 76.
        order.PointsDiscountByLine().Select(d => d.Discount).ShouldBe([190, 67, 76]);
        order.Vat.Select(v => (v.Rate.BasisPoints, v.Gross.Amount)).ShouldBe([(2000, 1810), (550, 1361)]);
    }

    [Fact]
    public void Returning_everything_in_two_returns_refunds_exactly_what_was_paid_and_gives_back_every_point()
    {
        var order = Collected();
        var lamp = order.Lines[0];
        var rest = order.Lines.Skip(1).ToList();

        var first = order.TakeBack(Guid.NewGuid(), order.StoreId, "Shop", [(lamp.Id, 1, true)], "changed_mind", Now, "staff");
        var firstPoints = order.LastReturnPointsFreed;
        var second = order.TakeBack(Guid.NewGuid(), order.StoreId, "Shop", [(lamp.Id, 1, true), .. rest.Select(l => (l.Id, l.HeldQuantity, true))],
            "changed_mind", Now, "staff");

        first.RefundAmount.ShouldBe(1000 - 333 * 1000 / 3504);   // floor(333 × 1000 / 3504) = 95
        (first.RefundAmount + second.RefundAmount).ShouldBe(order.TotalAmount);
        first.Lines.Sum(l => l.Amount).ShouldBe(first.RefundAmount);
        second.Lines.Sum(l => l.Amount).ShouldBe(second.RefundAmount);
        (firstPoints + order.LastReturnPointsFreed).ShouldBe(333);
        order.PointsHeld().ShouldBe(0);
        order.PaymentCommands.Where(c => c.ReturnId is not null).Sum(c => c.Money.Amount).ShouldBe(order.TotalAmount);
    }

    [Fact]
    public void In_a_zero_decimal_currency_returns_line_by_line_still_refund_exactly_what_was_paid()
    {
        var order = Collected(discount: 1001, currency: "JPY");

        var refunds = order.Lines.Select(l => order.TakeBack(Guid.NewGuid(), order.StoreId, "Shop", [(l.Id, l.HeldQuantity, false)], "faulty", Now, "staff"))
            .Select(r => r.RefundAmount).ToList();

        refunds.Sum().ShouldBe(order.TotalAmount);
        order.Vat.Sum(v => v.Gross.Amount).ShouldBe(order.TotalAmount);
    }
}
