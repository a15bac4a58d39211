using Mediator;
using O2O.Application.Carts;

namespace O2O.Web.Storefront;

/// <summary>
/// The visitor's cart as the layout and a page both show it: loaded at most once per request, and not at all without
/// a cart cookie. A handler that changes the cart asks for it after the change.
/// </summary>
public static class CurrentCart
{
    private static readonly object Key = new();

    public static async ValueTask<CartView> GetAsync(HttpContext http, ISender sender, CancellationToken ct = default)
    {
        if (http.Items.TryGetValue(Key, out var loaded) && loaded is CartView cart) return cart;
        cart = CartCookie.Get(http) is { } id ? await sender.Send(new GetCart(id), ct) : CartView.Empty;
        http.Items[Key] = cart;
        return cart;
    }
}
