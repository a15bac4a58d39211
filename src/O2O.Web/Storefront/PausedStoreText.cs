namespace O2O.Web.Storefront;

/// <summary>What the storefront says about a store that has paused pickup orders, the same on every page.</summary>
public static class PausedStoreText
{
    public static string Badge => Localization.Storefront.Paused_Badge;

    public static string NotTakingOrders(string? storeName) => storeName is null
        ? Localization.Storefront.Paused_ThisStoreNotTaking
        : string.Format(System.Globalization.CultureInfo.CurrentCulture, Localization.Storefront.Paused_NotTaking, storeName);

    public static string TryNearby => Localization.Storefront.Paused_TryNearby;

    public static string NoneNearby => Localization.Storefront.Paused_NoneNearby;

    public static string TryNearbyForProduct => Localization.Storefront.Paused_TryNearbyForProduct;

    public static string NoneNearbyForProduct => Localization.Storefront.Paused_NoneNearbyForProduct;
}
