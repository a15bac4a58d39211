namespace O2O.Domain.Pickup;

/// <summary>A bookable pickup window. Start and End carry the store's UTC offset at that instant.</summary>
public readonly record struct PickupSlot(DateTimeOffset Start, DateTimeOffset End);
