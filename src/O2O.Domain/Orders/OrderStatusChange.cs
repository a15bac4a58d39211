namespace O2O.Domain.Orders;

/// <summary>One step of an order's life: what it became, when, and who or what moved it.</summary>
public sealed class OrderStatusChange
{
    private OrderStatusChange() { }

    internal OrderStatusChange(OrderStatus status, DateTimeOffset at, string actor, string? note)
    {
        Status = status;
        At = at;
        Actor = actor;
        Note = note;
    }

    public long Id { get; private set; }
    public Guid OrderId { get; private set; }
    public OrderStatus Status { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string Actor { get; private set; } = "";
    public string? Note { get; private set; }
}
