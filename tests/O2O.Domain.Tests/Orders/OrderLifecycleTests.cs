using O2O.Domain.Common;
using O2O.Domain.Orders;
using O2O.Domain.Pickup;
using O2O.Domain.Stores;

namespace O2O.Domain.Tests.Orders;

public sealed class OrderLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);

    private static Order NewOrder() => new(Guid.NewGuid(), "100001", Guid.NewGuid(), new Customer("a@b.test", "A", null), null,
        new PickupSlot(Now.AddDays(1), Now.AddDays(1).AddMinutes(30)),
        [(Guid.NewGuid(), "SKU-1", "Thing", new Money(1000, "EUR"), 2), (Guid.NewGuid(), "SKU-2", "Other", new Money(250, "EUR"), 1)],
        CaptureMode.AtOrder, "hash", Now, Now.AddMinutes(15));

    private static Order InStatus(OrderStatus status)
    {
        var order = NewOrder();
        switch (status)
        {
            case OrderStatus.PendingPayment: break;
            case OrderStatus.Paid: order.MarkPaid("ABC123", Now, "test"); break;
            case OrderStatus.ReadyForPickup: order.MarkPaid("ABC123", Now, "test"); order.MarkReady(Now, "staff"); break;
            case OrderStatus.Collected: order.MarkPaid("ABC123", Now, "test"); order.MarkReady(Now, "staff"); order.TryCollect("ABC123", Now, "staff").ShouldBeTrue(); break;
            case OrderStatus.Expired: order.Expire(Now); break;
            case OrderStatus.Cancelled: order.MarkPaid("ABC123", Now, "test"); order.Cancel(Now, "shopper", null); break;
            case OrderStatus.NoShow: order.MarkPaid("ABC123", Now, "test"); order.MarkReady(Now, "staff"); order.MarkNoShow(Now); break;
        }
        order.Status.ShouldBe(status);
        return order;
    }

    [Fact]
    public void ANewOrder_IsPendingPayment_WithTheTotalOfItsLines()
    {
        var order = NewOrder();

        order.Status.ShouldBe(OrderStatus.PendingPayment);
        order.Total.ShouldBe(new Money(2250, "EUR"));
        order.History.Single().Status.ShouldBe(OrderStatus.PendingPayment);
    }

    public static TheoryData<OrderStatus, OrderStatus> IllegalTransitions()
    {
        var data = new TheoryData<OrderStatus, OrderStatus>();
        foreach (var from in Enum.GetValues<OrderStatus>())
            foreach (var to in new[] { OrderStatus.Paid, OrderStatus.ReadyForPickup, OrderStatus.Collected, OrderStatus.Expired, OrderStatus.Cancelled, OrderStatus.NoShow })
                if (!from.CanMoveTo(to)) data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(IllegalTransitions))]
    public void EveryIllegalTransition_Throws_AndLeavesTheOrderAsItWas(OrderStatus from, OrderStatus to)
    {
        var order = InStatus(from);
        var historyBefore = order.History.Count;

        Action move = to switch
        {
            OrderStatus.Paid => () => order.MarkPaid("XYZ999", Now, "t"),
            OrderStatus.ReadyForPickup => () => order.MarkReady(Now, "t"),
            OrderStatus.Collected => () => order.TryCollect("ABC123", Now, "t"),
            OrderStatus.Expired => () => order.Expire(Now),
            OrderStatus.Cancelled => () => order.Cancel(Now, "t", null),
            OrderStatus.NoShow => () => order.MarkNoShow(Now),
            _ => throw new ArgumentOutOfRangeException(nameof(to)),
        };

        Should.Throw<IllegalTransitionException>(move);
        order.Status.ShouldBe(from);
        order.History.Count.ShouldBe(historyBefore);
    }

    [Fact]
    public void TheHappyPath_RecordsEveryStepWithItsActor()
    {
        var order = InStatus(OrderStatus.Collected);

        order.History.Select(h => h.Status).ShouldBe([OrderStatus.PendingPayment, OrderStatus.Paid, OrderStatus.ReadyForPickup, OrderStatus.Collected]);
        order.History.Last().Actor.ShouldBe("staff");
    }

    [Fact]
    public void WrongPickupCodes_AreCounted_AndLockTheOrderAfterFive()
    {
        var order = InStatus(OrderStatus.ReadyForPickup);

        for (var i = 0; i < Order.MaxFailedPickupAttempts; i++) order.TryCollect("WRONG1", Now, "staff").ShouldBeFalse();

        order.IsPickupLocked(Now).ShouldBeTrue();
        Should.Throw<DomainException>(() => order.TryCollect("ABC123", Now.AddMinutes(1), "staff"));
        order.TryCollect("ABC123", Now + Order.PickupLockout + TimeSpan.FromSeconds(1), "staff").ShouldBeTrue();
    }

    [Fact]
    public void ALatePayment_OnAnExpiredOrder_CanReinstateIt()
    {
        var order = InStatus(OrderStatus.Expired);

        order.ReinstateAfterLatePayment("NEW123", Now, "stripe");

        order.Status.ShouldBe(OrderStatus.Paid);
        order.PickupCode.ShouldBe("NEW123");
    }
}
