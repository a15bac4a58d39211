using O2O.Application.Notifications;
using O2O.Domain.Common;
using O2O.Domain.Orders;
using O2O.Domain.Pickup;
using O2O.Domain.Stores;
using O2O.Domain.Tax;

namespace O2O.Domain.Tests.Localization;

/// <summary>The points discount on the receipt and the points given back on a return, in the shopper's language.</summary>
public sealed class PointsEmailsTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 10, 8, 0, 0, TimeSpan.Zero);
    private static readonly Store Store = new StoreBuilder().Build();

    private static Order CollectedWithPoints(string culture)
    {
        var order = new Order(Guid.NewGuid(), "100001", Store.Id, new Customer("a@b.test", "Ada", null), "user-1",
            new PickupSlot(Now.AddHours(3), Now.AddHours(3.5)),
            [(Guid.NewGuid(), "SKU-1", "Kettle", new Money(3490, "EUR"), 2)], CaptureMode.AtOrder, "hash", Now, Now.AddMinutes(15));
        order.ChargeVat(_ => (TaxCategory.Standard, new VatRate(2000)));
        order.PayWithPoints(500, 500);
        order.WriteToShopperIn(culture);
        order.RecordPaymentReference("stripe", "pi_1");
        order.MarkPaid("ABC123", Now, "stripe");
        order.MarkReady(Now, "desk");
        order.TryCollect("ABC123", Now, "desk").ShouldBeTrue();
        return order;
    }

    private static string Plain(string text) => text.Replace('\u00a0', ' ').Replace('\u202f', ' ');

    [Theory]
    [InlineData("en", "Discount, loyalty points (500): −", "Loyalty points given back to your account: 250")]
    [InlineData("fr", "points de fidélité (500)", "Points de fidélité recrédités sur votre compte : 250")]
    [InlineData("ar", "نقاط الولاء (", "نقاط الولاء المعادة إلى حسابك: ")]
    public void The_receipt_shows_the_points_as_a_discount_and_a_return_the_points_it_gives_back(string culture, string discount, string pointsBack)
    {
        var order = CollectedWithPoints(culture);

        var receipt = Plain(ShopperEmails.Receipt(order, Store, Now, Now).Body);
        var taken = order.TakeBack(Guid.NewGuid(), Store.Id, Store.Name, [(order.Lines[0].Id, 1, true)], "faulty", Now, "desk");
        var returned = Plain(ShopperEmails.Returned(order, Store, taken, Now, order.LastReturnPointsFreed).Body);

        receipt.ShouldContain(discount);
        returned.ShouldContain(pointsBack);
        taken.RefundAmount.ShouldBe(3490 - 250);
        // The return's VAT is on what goes back: 32.40 at 20 % holds 5.40.
        using var _ = O2O.Application.Localization.CultureScope.Use(culture);
        returned.ShouldContain(Plain(O2O.Application.Localization.Formats.Money(540, "EUR")));
    }
}
