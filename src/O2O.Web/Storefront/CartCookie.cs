namespace O2O.Web.Storefront;

/// <summary>The cart lives in PostgreSQL; the browser only keeps its id.</summary>
public static class CartCookie
{
    public const string Name = "o2o-cart";

    public static Guid? Get(HttpContext http) =>
        Guid.TryParse(http.Request.Cookies[Name], out var id) ? id : null;

    public static Guid GetOrCreate(HttpContext http)
    {
        if (Get(http) is { } id) return id;
        id = Guid.CreateVersion7();
        Set(http, id);
        return id;
    }

    /// <summary>Points this browser at a cart: the account's cart once the shopper signs in.</summary>
    public static void Set(HttpContext http, Guid id) =>
        http.Response.Cookies.Append(Name, id.ToString(), new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            MaxAge = TimeSpan.FromDays(60),
        });

    /// <summary>Signing out leaves the account's cart with the account, not on a device someone else may use next.</summary>
    public static void Forget(HttpContext http) => http.Response.Cookies.Delete(Name);
}
