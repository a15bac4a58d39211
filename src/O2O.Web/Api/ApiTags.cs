using Microsoft.OpenApi;

namespace O2O.Web.Api;

/// <summary>What each group of operations is for, as the OpenAPI document tells a reader.</summary>
public static class ApiTags
{
    private static readonly Dictionary<string, string> Descriptions = new()
    {
        ["Catalog"] = "Products and categories as shoppers see them.",
        ["Stores"] = "Stores, their opening hours and bookable pickup slots.",
        ["Auth"] = "Signing in for a bearer token.",
        ["Account"] = "The signed-in shopper's own data: download it all, or delete the account.",
        ["Orders"] = "Placing, reading and cancelling an order, as its shopper.",
        ["Payments"] = "Payment provider callbacks, and the simulated gateway used in tests and demos.",
        ["Staff"] = "A store's day: preparing, short picks, hand-over and no-shows. Staff see only their stores.",
        ["Admin"] = "Catalog, stores, stock, accounts, audit and figures. Admins only.",
    };

    public static void Describe(OpenApiDocument document)
    {
        foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
            if (tag.Name is { } name && Descriptions.TryGetValue(name, out var description)) tag.Description = description;
        // The server is whatever host the document was asked on; a trailing slash would double the paths' own.
        foreach (var server in document.Servers ?? [])
            if (server.Url is { Length: > 1 } url) server.Url = url.TrimEnd('/');
    }
}
