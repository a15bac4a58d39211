using O2O.Application.Localization;
using O2O.Application.Orders;
using O2O.Domain.Common;
using O2O.Domain.Orders;
using O2O.Domain.Pickup;
using O2O.Domain.Stores;

namespace O2O.Domain.Tests.Localization;

/// <summary>
/// A history note is stored as a code and its arguments and put into words when read, in the reader's language, with
/// amounts formatted by that language; what a clerk typed stays as typed, and notes written before codes read as stored.
/// </summary>
public sealed class OrderHistoryNotesTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);

    private static Order PaidOrder()
    {
        var order = new Order(Guid.NewGuid(), "100001", Guid.NewGuid(), new Customer("a@b.test", "A", null), null,
            new PickupSlot(Now.AddDays(1), Now.AddDays(1).AddMinutes(30)),
            [(Guid.NewGuid(), "KETTLE", "Kettle", new Money(3490, "EUR"), 2)], CaptureMode.AtOrder, "hash", Now, Now.AddMinutes(15));
        order.RecordPaymentReference("simulated", "pay_1");
        order.MarkPaid("ABC123", Now, "test");
        return order;
    }

    private static string? Read(OrderStatusChange step, string culture)
    {
        using var _ = CultureScope.Use(culture);
        return OrderHistoryNotes.Render(step);
    }

    [Fact]
    public void A_short_pick_is_stored_as_a_code_with_the_clerks_reason_as_typed()
    {
        var order = PaidOrder();

        order.MarkLineShort(order.Lines[0].Id, 1, " Cassé ", Now, "clerk");

        var step = order.History[^1];
        step.Note.ShouldBeNull();
        step.NoteCode.ShouldBe(OrderNotes.ShortPick);
        step.NoteArgs.ShouldBe(["1", "Kettle", "Cassé"]);
    }

    [Fact]
    public void A_short_pick_reads_in_each_readers_language()
    {
        var order = PaidOrder();
        order.MarkLineShort(order.Lines[0].Id, 1, "Cassé", Now, "clerk");
        var step = order.History[^1];

        Read(step, "en").ShouldBe("Short pick: 1 × Kettle (Cassé).");
        Read(step, "fr").ShouldBe("Article manquant : 1 × Kettle (Cassé).");
        Read(step, "ar").ShouldBe("نقص في التجهيز: 1 × Kettle (Cassé).");
    }

    [Fact]
    public void A_refund_reads_its_amount_as_the_readers_language_writes_money()
    {
        var order = PaidOrder();
        order.Cancel(Now, "shopper", null);
        order.ReturnMoney(MoneyBackReason.Cancelled, Now, "shopper");
        var requested = order.History[^1];
        order.CompletePaymentCommand(order.PaymentCommands.Single().Id, Now);
        var refunded = order.History[^1];

        Read(requested, "en").ShouldBe("Refund requested: Order cancelled.");
        Read(requested, "de").ShouldBe("Erstattung angefordert: Bestellung storniert.");
        Read(refunded, "en").ShouldBe("Refunded €69.80.");
        var french = Read(refunded, "fr")!;
        french.ShouldEndWith(" remboursés.");
        french.ShouldStartWith("69,80");
        french.ShouldContain("€");
        order.RefundReason.ShouldBe("Order cancelled.");
    }

    [Fact]
    public void Notes_written_before_codes_and_text_a_person_typed_read_as_stored()
    {
        OrderHistoryNotes.Render(null, null, "Short pick: 1 × Kettle (broken).").ShouldBe("Short pick: 1 × Kettle (broken).");
        var order = PaidOrder();
        order.Cancel(Now, "shopper", "J'ai changé d'avis.");

        Read(order.History[^1], "ru").ShouldBe("J'ai changé d'avis.");
    }

    [Fact]
    public void A_code_this_version_does_not_know_shows_its_stored_text_or_the_code()
    {
        OrderHistoryNotes.Render("from_the_future", ["1"], null).ShouldBe("from_the_future");
        OrderHistoryNotes.Render("from_the_future", ["1"], "Stored text.").ShouldBe("Stored text.");
    }

    [Fact]
    public void Expiry_and_no_show_notes_are_codes_read_in_the_readers_language()
    {
        var expired = new Order(Guid.NewGuid(), "100002", Guid.NewGuid(), new Customer("a@b.test", "A", null), null,
            new PickupSlot(Now.AddDays(1), Now.AddDays(1).AddMinutes(30)),
            [(Guid.NewGuid(), "MUG", "Mug", new Money(650, "EUR"), 1)], CaptureMode.AtOrder, "hash", Now, Now.AddMinutes(15));
        expired.Expire(Now.AddMinutes(15));

        expired.History[^1].NoteCode.ShouldBe(OrderNotes.HoldExpired);
        Read(expired.History[^1], "en").ShouldBe("Payment hold expired.");
        Read(expired.History[^1], "fi").ShouldBe("Maksuaika umpeutui.");
    }
}
