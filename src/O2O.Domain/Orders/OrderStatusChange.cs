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

    /// <summary>A note the system writes: a code of <see cref="OrderNotes"/> and its arguments, put into words when read.</summary>
    internal static OrderStatusChange Coded(OrderStatus status, DateTimeOffset at, string actor, string noteCode, params string[] noteArgs) =>
        new(status, at, actor, note: null) { NoteCode = noteCode, NoteArgs = noteArgs };

    public long Id { get; private set; }
    public Guid OrderId { get; private set; }
    public OrderStatus Status { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string Actor { get; private set; } = "";
    /// <summary>Text kept as a person typed it (a cancel reason), or a sentence written before notes had codes.</summary>
    public string? Note { get; private set; }
    public string? NoteCode { get; private set; }
    public string[]? NoteArgs { get; private set; }
}
