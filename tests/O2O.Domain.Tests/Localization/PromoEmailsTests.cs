using O2O.Application.Notifications;
using O2O.Domain.Common;
using O2O.Domain.Orders;
using O2O.Domain.Pickup;
using O2O.Domain.Promotions;
using O2O.Domain.Stores;
using O2O.Domain.Tax;

namespace O2O.Domain.Tests.Localization;

/// <summary>The code's discount in the confirmation and on the receipt, with the VAT net of it (ADR 52).</summary>
public sealed class PromoEmailsTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 10, 8, 0, 0, TimeSpan.Zero);
    private static readonly Store Store = new StoreBuilder().Build();

    /// <summary>2 kettles at 34.90 (20 %) and a book at 10.00 (5.5 %); 5.00 off the kettles only.</summary>
    private static Order CollectedWithCode(string culture)
    {
        var kettle = Guid.NewGuid();
        var order = new Order(Guid.NewGuid(), "100001", Store.Id, new Customer("a@b.test", "Ada", null), null,
            new PickupSlot(Now.AddHours(3), Now.AddHours(3.5)),
            [(kettle, "SKU-1", "Kettle", new Money(3490, "EUR"), 2), (Guid.NewGuid(), "SKU-2", "Book", new Money(1000, "EUR"), 1)],
            CaptureMode.AtOrder, "hash", Now, Now.AddMinutes(15));
        order.ChargeVat(l => l.ProductId == kettle ? (TaxCategory.Standard, new VatRate(2000)) : (TaxCategory.Reduced, new VatRate(550)));
        order.Categorize(l => l.ProductId == kettle ? "Kitchen" : "Books");
        var promotion = new Promotion(Guid.NewGuid(), "Summer", PromotionKind.AmountOff, null, 500, "EUR", PromoCodeMode.Shared, Now);
        promotion.ChangeConditions(null, [], ["Kitchen"], [], null, null, false);
        order.ApplyPromotion(promotion.Id, Guid.NewGuid(), "SUMMER10", PromotionRules.DiscountOn(promotion, order.GoodsAmount, order.PromoLines()));
        order.WriteToShopperIn(culture);
        order.RecordPaymentReference("stripe", "pi_1");
        order.MarkPaid("ABC123", Now, "stripe");
        order.MarkReady(Now, "desk");
        order.TryCollect("ABC123", Now, "desk").ShouldBeTrue();
        return order;
    }

    private static string Plain(string text) => text.Replace('\u00a0', ' ').Replace('\u202f', ' ');

    [Theory]
    [InlineData("en", "Code SUMMER10 −€5.00", "Discount, code SUMMER10: −€5.00", "20%: €54.00 excl. VAT + €10.80 VAT = €64.80")]
    [InlineData("fr", "Code SUMMER10 −5,00 €", "code SUMMER10", "10,80 €")]
    [InlineData("ar", "الرمز SUMMER10", "الرمز SUMMER10", "")]
    public void The_confirmation_and_the_receipt_show_the_code_and_the_VAT_net_of_it(string culture, string line, string receiptLine, string vat)
    {
        var order = CollectedWithCode(culture);

        var confirmation = Plain(ShopperEmails.Confirmation(order, Store, Now).Body);
        var receipt = Plain(ShopperEmails.Receipt(order, Store, Now, Now).Body);

        order.TotalAmount.ShouldBe(6980 + 1000 - 500);
        confirmation.ShouldContain(line);
        receipt.ShouldContain(receiptLine);
        receipt.ShouldContain(vat);
        order.Vat.Sum(v => v.Gross.Amount).ShouldBe(order.TotalAmount);
    }
}
