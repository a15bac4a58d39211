using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace O2O.Web.Storefront;

public sealed class CatalogCacheOptions
{
    public const string Section = "Storefront:CatalogCache";

    public bool Enabled { get; set; } = true;

    /// <summary>Short, because the pages show live stock counts that orders change without evicting anything.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:10:00")]
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The memory the cached pages may take. A product page is about 10 KB, so the default holds every page of a
    /// 20,000-product catalog; past the limit, entries are evicted before they expire and pages render again.
    /// </summary>
    [Range(16, 16 * 1024)]
    public int SizeLimitMegabytes { get; set; } = 256;
}

/// <summary>
/// Serves the catalog pages from the output cache to visitors who carry no per-visitor state, and never stores a
/// response that sets a cookie. Why this is safe: docs/decisions/0013-catalog-output-cache.md.
/// </summary>
public sealed class CatalogCachePolicy(IOptionsMonitor<CatalogCacheOptions> options, IReadOnlyList<string> perVisitorCookies) : IOutputCachePolicy
{
    public const string Name = "Catalog";
    public const string Tag = "catalog";

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var settings = options.CurrentValue;
        var cacheable = settings.Enabled && IsAnonymousRead(context.HttpContext);
        context.EnableOutputCaching = cacheable;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        if (!cacheable) return ValueTask.CompletedTask;

        // One render for a burst of misses on the same page, not one per request.
        context.AllowLocking = true;
        context.CacheVaryByRules.RouteValueNames = "id";
        // Every query key, not a list: the page reads lat/lon/near (or search/category/p) and the layout echoes
        // "search", so a list that missed one reader would let one URL's content be served for another.
        context.CacheVaryByRules.QueryKeys = "*";
        // The language comes from a cookie or Accept-Language as well as the query: one render per language.
        context.CacheVaryByRules.VaryByValues["culture"] = System.Globalization.CultureInfo.CurrentUICulture.Name;
        context.ResponseExpirationTimeSpan = settings.Duration;
        context.Tags.Add(Tag);
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        // A cookie (antiforgery, cart, TempData, sign-in) belongs to one visitor: such a response is never shared.
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0)
            context.AllowCacheStorage = false;
        return ValueTask.CompletedTask;
    }

    /// <summary>A GET or HEAD from someone the layout would show as a signed-out visitor with an empty cart.</summary>
    private bool IsAnonymousRead(HttpContext http)
    {
        var request = http.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)) return false;
        if (http.User.Identity?.IsAuthenticated == true || request.Headers.Authorization.Count > 0) return false;
        foreach (var cookie in perVisitorCookies)
            if (request.Cookies.ContainsKey(cookie)) return false;
        return true;
    }
}
