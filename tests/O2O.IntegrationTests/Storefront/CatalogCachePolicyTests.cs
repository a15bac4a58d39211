using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using O2O.Web.Storefront;

namespace O2O.IntegrationTests.Storefront;

/// <summary>The catalog policy's decision on the response, which no anonymous page of today exercises over HTTP.</summary>
public sealed class CatalogCachePolicyTests
{
    private sealed class Fixed(CatalogCacheOptions value) : IOptionsMonitor<CatalogCacheOptions>
    {
        public CatalogCacheOptions CurrentValue => value;
        public CatalogCacheOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<CatalogCacheOptions, string?> listener) => null;
    }

    private static async Task<OutputCacheContext> RenderAsync(int status, string? setCookie = null)
    {
        IOutputCachePolicy policy = new CatalogCachePolicy(new Fixed(new CatalogCacheOptions()), ["o2o-cart"]);
        var context = new OutputCacheContext { HttpContext = new DefaultHttpContext { Request = { Method = "GET" } } };
        await policy.CacheRequestAsync(context, default);
        context.HttpContext.Response.StatusCode = status;
        if (setCookie is not null) context.HttpContext.Response.Headers.SetCookie = setCookie;
        await policy.ServeResponseAsync(context, default);
        return context;
    }

    [Fact]
    public async Task AnAnonymousPage_IsStoredForTenSeconds_UnderTheCatalogTag()
    {
        var context = await RenderAsync(StatusCodes.Status200OK);

        context.AllowCacheStorage.ShouldBeTrue();
        context.ResponseExpirationTimeSpan.ShouldBe(TimeSpan.FromSeconds(10));
        context.Tags.ShouldBe([CatalogCachePolicy.Tag]);
    }

    [Fact]
    public async Task AResponseThatSetsACookie_IsNeverStored()
    {
        var context = await RenderAsync(StatusCodes.Status200OK, "o2o-cart=0190; path=/; httponly");

        context.AllowCacheStorage.ShouldBeFalse();
    }

    [Fact]
    public async Task AnErrorPage_IsNotStored()
    {
        var context = await RenderAsync(StatusCodes.Status404NotFound);

        context.AllowCacheStorage.ShouldBeFalse();
    }
}
