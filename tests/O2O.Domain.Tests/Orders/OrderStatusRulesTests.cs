using O2O.Domain.Orders;

namespace O2O.Domain.Tests.Orders;

public sealed class OrderStatusRulesTests
{
    [Fact]
    public void Placed_IsEveryStatusAPaidOrderCanReach()
    {
        OrderStatusRules.Placed.ShouldBe([OrderStatus.Paid, OrderStatus.ReadyForPickup, OrderStatus.Collected, OrderStatus.Cancelled, OrderStatus.NoShow]);
    }

    [Fact]
    public void Sold_LeavesOutTheOrdersWhoseMoneyWentBack()
    {
        OrderStatusRules.Sold.ShouldBe([OrderStatus.Paid, OrderStatus.ReadyForPickup, OrderStatus.Collected]);
    }
}
