using O2O.Domain.Common;

namespace O2O.Domain.Stores;

public enum CaptureMode
{
    /// <summary>The payment is captured when the order is placed.</summary>
    AtOrder,
    /// <summary>The payment is authorised at order time and what is collected is captured at hand-over.</summary>
    AtHandover,
}

public sealed record PickupSettings
{
    public PickupSettings(int slotLengthMinutes, int ordersPerSlot, int leadTimeMinutes, int bookingHorizonDays,
        int holdDays, CaptureMode captureMode)
    {
        if (slotLengthMinutes is < 5 or > 240) throw new DomainException("Slot length must be between 5 and 240 minutes.");
        if (ordersPerSlot is < 1 or > 1000) throw new DomainException("Orders per slot must be between 1 and 1000.");
        if (leadTimeMinutes is < 0 or > 10080) throw new DomainException("Lead time must be between 0 and 10080 minutes.");
        if (bookingHorizonDays is < 1 or > 60) throw new DomainException("Days bookable ahead must be between 1 and 60.");
        if (holdDays is < 1 or > 30) throw new DomainException("Hold days must be between 1 and 30.");
        SlotLengthMinutes = slotLengthMinutes;
        OrdersPerSlot = ordersPerSlot;
        LeadTimeMinutes = leadTimeMinutes;
        BookingHorizonDays = bookingHorizonDays;
        HoldDays = holdDays;
        CaptureMode = captureMode;
    }

    public static PickupSettings Default { get; } = new(30, 6, 60, 7, 3, CaptureMode.AtOrder);

    public int SlotLengthMinutes { get; private init; }
    public int OrdersPerSlot { get; private init; }
    public int LeadTimeMinutes { get; private init; }
    public int BookingHorizonDays { get; private init; }
    public int HoldDays { get; private init; }
    public CaptureMode CaptureMode { get; private init; }
}
