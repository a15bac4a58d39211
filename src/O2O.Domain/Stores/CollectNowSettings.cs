using O2O.Domain.Common;

namespace O2O.Domain.Stores;

/// <summary>
/// "Collect now" (issue 14): a shopper standing in the store orders from the shelf and collects at the desk once it is
/// prepared. At most <see cref="OrdersPerWindow"/> such orders may become ready in any one quarter hour of the store's clock.
/// </summary>
public sealed record CollectNowSettings
{
    public const int MinPrepareMinutes = 5;
    public const int MaxPrepareMinutes = 120;
    public const int MaxOrdersPerWindow = 1000;
    public const int WindowMinutes = 15;

    public CollectNowSettings(bool enabled, int prepareMinutes, int ordersPerWindow)
    {
        if (prepareMinutes is < MinPrepareMinutes or > MaxPrepareMinutes)
            throw new DomainException($"Minutes to prepare must be between {MinPrepareMinutes} and {MaxPrepareMinutes}.");
        if (ordersPerWindow is < 1 or > MaxOrdersPerWindow)
            throw new DomainException($"Collect-now orders per quarter hour must be between 1 and {MaxOrdersPerWindow}.");
        Enabled = enabled;
        PrepareMinutes = prepareMinutes;
        OrdersPerWindow = ordersPerWindow;
    }

    public static CollectNowSettings Default { get; } = new(false, 15, 4);

    public bool Enabled { get; private init; }
    public int PrepareMinutes { get; private init; }
    public int OrdersPerWindow { get; private init; }
}
