using System.Globalization;
using System.Text.RegularExpressions;
using O2O.Application.Localization;
using O2O.Application.Notifications;
using O2O.Domain.Common;
using O2O.Domain.Orders;
using O2O.Domain.Pickup;
using O2O.Domain.Stores;

namespace O2O.Domain.Tests.Localization;

/// <summary>Every shopper email, in every language, in the order's language rather than the caller's.</summary>
public sealed partial class ShopperEmailsTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 10, 8, 0, 0, TimeSpan.Zero);
    private static readonly Store Store = new StoreBuilder().Build();

    private static Order PaidOrder(string culture, int holdMinutes = 15)
    {
        var order = new Order(Guid.NewGuid(), "100001", Store.Id, new Customer("a@b.test", "Ada", null), null,
            new PickupSlot(Now.AddHours(3), Now.AddHours(3.5)),
            [(Guid.NewGuid(), "SKU-1", "Kettle", new Money(3490, "EUR"), 2)], CaptureMode.AtOrder, "hash", Now, Now.AddMinutes(holdMinutes));
        order.WriteToShopperIn(culture);
        order.UsePaymentProvider("stripe");
        order.RecordPaymentReference("stripe", "pi_1");
        order.MarkPaid("ABC123", Now, "stripe");
        return order;
    }

    private static IEnumerable<OutboxEmail> EveryEmail(Order order)
    {
        yield return ShopperEmails.Confirmation(order, Store, Now);
        yield return ShopperEmails.Ready(order, Store, Now);
        yield return ShopperEmails.Reminder(order, Store, order.SlotEnd.AddDays(3), Now);
        foreach (var why in Enum.GetValues<CancelledBecause>()) yield return ShopperEmails.Cancelled(order, Store, why, Now);
        order.MarkLineShort(order.Lines[0].Id, 1, "broken", Now, "desk");
        yield return ShopperEmails.ShortPick(order, Store, order.Lines[0], 1, 3490, Now);
    }

    public static TheoryData<string> Translations() => [.. Cultures.Supported.Where(c => c != Cultures.Default)];

    [Theory, MemberData(nameof(Translations))]
    public void No_email_leaves_an_English_sentence_in_a_translated_one(string culture)
    {
        // Every literal run of eight characters or more in the English texts (the brand line aside, which some languages keep).
        var english = Emails.ResourceManager.GetResourceSet(CultureInfo.InvariantCulture, true, true)!
            .Cast<System.Collections.DictionaryEntry>()
            .Where(e => (string)e.Key != nameof(Emails.Email_Signature))
            .SelectMany(e => Placeholder().Split((string)e.Value!))
            .Select(s => s.Trim())
            .Where(s => s.Length >= 8)
            .Distinct()
            .ToList();
        english.ShouldNotBeEmpty();

        foreach (var email in EveryEmail(PaidOrder(culture)))
        {
            var text = email.Subject + "\n" + email.Body;
            english.Where(text.Contains).ShouldBeEmpty($"{culture} {email.Kind}: {text}");
        }
    }

    [Fact]
    public void An_email_is_in_the_order_language_and_the_caller_keeps_its_own()
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("fi");

            var email = ShopperEmails.Ready(PaidOrder("ru"), Store, Now);

            email.Subject.ShouldBe("Заказ 100001 готов к выдаче");
            email.Body.ShouldContain("Итого: 69,80 €");
            CultureInfo.CurrentUICulture.Name.ShouldBe("fi");
            CultureInfo.CurrentCulture.Name.ShouldBe("fi");
        }
        finally
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = before;
        }
    }

    [Theory]
    [InlineData("en", 15, "after the 15-minute hold ended")]
    [InlineData("fr", 1, "réservation de 1 minute,")]
    [InlineData("fr", 15, "réservation de 15 minutes,")]
    [InlineData("ru", 15, "брони на 15 минут,")]
    [InlineData("ru", 2, "брони на 2 минуты,")]
    [InlineData("ru", 21, "брони на 21 минуту,")]
    [InlineData("ar", 2, "البالغة دقيقتين،")]
    [InlineData("ar", 5, "البالغة 5 دقائق،")]
    [InlineData("ar", 15, "البالغة 15 دقيقة،")]
    public void A_payment_too_late_counts_the_order_own_hold_in_the_language_forms(string culture, int holdMinutes, string expected)
    {
        var email = ShopperEmails.Cancelled(PaidOrder(culture, holdMinutes), Store, CancelledBecause.PaidTooLate, Now);

        email.Body.ShouldContain(expected);
    }

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
