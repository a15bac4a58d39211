using O2O.Domain.Common;
using O2O.Domain.Orders;
using O2O.Domain.Payments;
using O2O.Domain.Pickup;
using O2O.Domain.Stores;

namespace O2O.Domain.Tests.Payments;

public sealed class PaymentCommandTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);

    private static Order PaidOrder(CaptureMode capture = CaptureMode.AtOrder)
    {
        var order = new Order(Guid.NewGuid(), "100001", Guid.NewGuid(), new Customer("a@b.test", "A", null), null,
            new PickupSlot(Now.AddDays(1), Now.AddDays(1).AddMinutes(30)),
            [(Guid.NewGuid(), "SKU-1", "Thing", new Money(1000, "EUR"), 3)], capture, "hash", Now, Now.AddMinutes(15));
        order.UsePaymentProvider("stripe");
        order.RecordPaymentReference("stripe", "pi_1");
        order.MarkPaid("ABC123", Now, "stripe");
        return order;
    }

    [Fact]
    public void Cancelling_WritesOneRefundOfTheWholeTotal_AndTheOrderIsRefundPendingUntilItSucceeds()
    {
        var order = PaidOrder();

        order.Cancel(Now, "shopper", null);
        order.ReturnMoney(MoneyBackReason.Cancelled, Now, "shopper");
        order.ReturnMoney(MoneyBackReason.Cancelled, Now, "shopper");

        var refund = order.PaymentCommands.ShouldHaveSingleItem();
        refund.Kind.ShouldBe(PaymentCommandKind.Refund);
        refund.Money.ShouldBe(new Money(3000, "EUR"));
        refund.Reference.ShouldBe("pi_1");
        refund.IdempotencyKey.ShouldBe($"o2o-cmd-{refund.Id}");
        order.RefundPending.ShouldBeTrue();
        order.Refunded.ShouldBeFalse();

        order.CompletePaymentCommand(refund.Id, Now.AddSeconds(1));

        order.RefundPending.ShouldBeFalse();
        order.Refunded.ShouldBeTrue();
    }

    [Fact]
    public void TwoShortPicksOfTheSameAmount_AreTwoRefunds_WithTwoKeys()
    {
        var order = PaidOrder();
        var line = order.Lines[0].Id;

        order.MarkLineShort(line, 1, "Damaged", Now, "staff");
        order.MarkLineShort(line, 1, "Damaged too", Now, "staff");

        order.PaymentCommands.Count.ShouldBe(2);
        order.PaymentCommands.ShouldAllBe(c => c.Kind == PaymentCommandKind.Refund && c.Amount == 1000);
        order.PaymentCommands.Select(c => c.IdempotencyKey).Distinct().Count().ShouldBe(2);
    }

    [Fact]
    public void WithCaptureAtHandover_AShortPickRefundsNothing_TheHandoverCapturesWhatIsLeft_AndACancelVoids()
    {
        var collected = PaidOrder(CaptureMode.AtHandover);
        collected.MarkLineShort(collected.Lines[0].Id, 1, "Missing", Now, "staff");
        collected.MarkReady(Now, "staff");
        collected.TryCollect("ABC123", Now, "staff").ShouldBeTrue();
        var capture = collected.PaymentCommands.ShouldHaveSingleItem();
        capture.Kind.ShouldBe(PaymentCommandKind.Capture);
        capture.Amount.ShouldBe(2000);

        var cancelled = PaidOrder(CaptureMode.AtHandover);
        cancelled.Cancel(Now, "shopper", null);
        cancelled.ReturnMoney(MoneyBackReason.Cancelled, Now, "shopper");
        cancelled.PaymentCommands.ShouldHaveSingleItem().Kind.ShouldBe(PaymentCommandKind.Void);
    }

    [Fact]
    public void ATransientFailure_IsRetriedWithBackoff_ARefusalWaitsForAnAdmin_WhoseRetryIsANewCommand()
    {
        var order = PaidOrder();
        order.Cancel(Now, "shopper", null);
        order.ReturnMoney(MoneyBackReason.Cancelled, Now, "shopper");
        var first = order.PaymentCommands[0];

        order.FailPaymentCommandAttempt(first.Id, "Stripe is down", permanent: false, attempts: 1, Now);
        first.Status.ShouldBe(PaymentCommandStatus.Pending);
        first.NextAttemptAt.ShouldBe(Now.AddSeconds(30));
        order.FailPaymentCommandAttempt(first.Id, "Stripe is down", permanent: false, attempts: 2, Now);
        first.NextAttemptAt.ShouldBe(Now.AddSeconds(60));

        order.FailPaymentCommandAttempt(first.Id, "Charge disputed", permanent: true, attempts: 3, Now);
        first.Status.ShouldBe(PaymentCommandStatus.Failed);
        order.RefundPending.ShouldBeTrue(); // the shopper still reads "refund pending"

        var second = order.RetryPaymentCommand(first.Id, Now, "admin");
        first.Status.ShouldBe(PaymentCommandStatus.Superseded);
        second.Id.ShouldNotBe(first.Id);
        second.Money.ShouldBe(first.Money);
        second.Status.ShouldBe(PaymentCommandStatus.Pending);
        Should.Throw<DomainException>(() => order.RetryPaymentCommand(first.Id, Now, "admin"));
    }

    [Fact]
    public void ACommandOutOfAttempts_FailsForGood()
    {
        var order = PaidOrder();
        order.Cancel(Now, "shopper", null);
        order.ReturnMoney(MoneyBackReason.Cancelled, Now, "shopper");
        var command = order.PaymentCommands[0];

        order.FailPaymentCommandAttempt(command.Id, "timeout", permanent: false, attempts: PaymentCommand.MaxAttempts, Now);

        command.Status.ShouldBe(PaymentCommandStatus.Failed);
    }
}
