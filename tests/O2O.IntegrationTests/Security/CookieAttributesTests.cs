using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using O2O.Domain.Catalog;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Security;

/// <summary>Over HTTPS every cookie is Secure, none is readable by script, and each has the SameSite chosen for it.</summary>
public sealed class CookieAttributesTests(O2OApp app) : IntegrationTest(app)
{
    private HttpClient Https() => App.CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false,
    });

    private static string SetCookie(HttpResponseMessage response, string nameStartsWith) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.SingleOrDefault(c => c.StartsWith(nameStartsWith, StringComparison.Ordinal))
              ?? throw new ShouldAssertException($"No {nameStartsWith} cookie in: {string.Join(" | ", cookies)}")
            : throw new ShouldAssertException("The response set no cookie.");

    [Fact]
    public async Task TheAntiforgeryCookie_OverHttps_IsSecureHttpOnlyAndStrict()
    {
        var cookie = SetCookie(await Https().GetAsync("/Account/Login"), ".AspNetCore.Antiforgery.").ToLowerInvariant();
        cookie.ShouldContain("; secure");
        cookie.ShouldContain("; httponly");
        cookie.ShouldContain("; samesite=strict");
    }

    [Fact]
    public async Task TheTempDataAndCartCookies_OverHttps_AreSecureHttpOnlyAndLax()
    {
        var store = await App.StoreAsync("CKE01");
        var kettle = await App.ProductAsync("KETTLE");
        await App.StockAsync(store, kettle, 5);
        using var post = new HttpRequestMessage(HttpMethod.Post, $"/products/{kettle.Id}?handler=AddToCart")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["quantity"] = "1" }),
        };
        post.Headers.Add(PageClient.SameOrigin.Item1, PageClient.SameOrigin.Item2);
        var response = await Https().SendAsync(post);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());

        foreach (var name in new[] { ".AspNetCore.Mvc.CookieTempDataProvider=", "o2o-cart=" })
        {
            var cookie = SetCookie(response, name).ToLowerInvariant();
            cookie.ShouldContain("; secure");
            cookie.ShouldContain("; httponly");
            cookie.ShouldContain("; samesite=lax");
        }
    }

    [Fact]
    public async Task TheSignInCookie_OverHttps_IsSecureHttpOnlyAndLax()
    {
        await App.UserAsync("cookie@o2o.test", O2O.Infrastructure.Identity.Roles.Shopper);
        var client = Https();
        var form = await client.GetAsync("/Account/Login");
        var html = await form.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var antiforgery = SetCookie(form, ".AspNetCore.Antiforgery.").Split(';')[0];
        using var post = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = "cookie@o2o.test", ["Input.Password"] = "Demo-pass-1", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            }),
        };
        post.Headers.Add("Cookie", antiforgery);
        var signedIn = await client.SendAsync(post);
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, await signedIn.Content.ReadAsStringAsync());

        var cookie = SetCookie(signedIn, ".AspNetCore.Identity.Application=").ToLowerInvariant();
        cookie.ShouldContain("; secure");
        cookie.ShouldContain("; httponly");
        cookie.ShouldContain("; samesite=lax");
    }
}
