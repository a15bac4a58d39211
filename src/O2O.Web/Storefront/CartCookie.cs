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
        http.Response.Cookies.Append(Name, id.ToString(), new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            MaxAge = TimeSpan.FromDays(60),
        });
        return id;
    }
}
