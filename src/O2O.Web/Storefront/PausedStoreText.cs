namespace O2O.Web.Storefront;

/// <summary>What the storefront says about a store that has paused pickup orders, the same on every page.</summary>
public static class PausedStoreText
{
    public const string Badge = "Pickup paused";

    public static string NotTakingOrders(string? storeName) => $"{storeName ?? "This store"} is not taking pickup orders right now.";

    public const string TryNearby = "You can collect from a store nearby that has everything:";

    public const string NoneNearby = "No store nearby that takes orders has everything right now.";

    public const string TryNearbyForProduct = "Collect it from a store nearby instead:";

    public const string NoneNearbyForProduct = "No store nearby that takes orders has it in stock right now.";
}
