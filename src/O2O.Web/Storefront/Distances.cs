using System.Globalization;

namespace O2O.Web.Storefront;

/// <summary>"2.4 km" / "2,4 km" / "2,4 км": how far a store is, to a tenth of a kilometre.</summary>
public static class Distances
{
    public static string Km(double km) => string.Format(CultureInfo.CurrentCulture, Localization.Storefront.Distance_Km,
        km.ToString("0.0", CultureInfo.CurrentCulture));
}
