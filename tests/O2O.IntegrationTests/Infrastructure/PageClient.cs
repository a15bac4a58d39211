using System.Net;
using System.Text.RegularExpressions;

namespace O2O.IntegrationTests.Infrastructure;

/// <summary>A browser-like HTTP client for page tests: keeps cookies, and posts forms with their antiforgery token or as a same-origin browser would.</summary>
public sealed partial class PageClient(HttpClient http, CookieContainer cookies)
{
    public HttpClient Http { get; } = http;
    public CookieContainer Cookies { get; } = cookies;

    public static PageClient For(O2OApp app)
    {
        var cookies = new CookieContainer();
        return new(app.CreateDefaultClient(new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(cookies)), cookies);
    }

    /// <summary>The cookies this client holds, as a Cookie header for a request elsewhere (another app instance).</summary>
    public string CookieHeader => Cookies.GetCookieHeader(Http.BaseAddress!);

    /// <summary>A page client signed in through the login form, as a person would.</summary>
    public static async Task<PageClient> SignedInAsync(O2OApp app, string email, string password = "Demo-pass-1")
    {
        var page = For(app);
        Location(await page.PostFormAsync("/Account/Login", "/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = password }));
        return page;
    }

    public async Task<string> GetAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Http.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, html.Length > 2000 ? html[..2000] : html);
        return html;
    }

    /// <summary>GETs the page holding the form, then posts the fields with its antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string pageUrl, string action, Dictionary<string, string> fields)
    {
        var html = await GetAsync(pageUrl);
        var token = TokenRegex().Match(html);
        token.Success.ShouldBeTrue("The page has no antiforgery token.");
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) };
        return await Http.PostAsync(action, new FormUrlEncodedContent(form));
    }

    /// <summary>
    /// Posts the fields without an antiforgery token, with the headers a browser would add (Sec-Fetch-Site, Origin):
    /// for a form that checks where the post comes from instead of a token.
    /// </summary>
    public async Task<HttpResponseMessage> PostFormWithoutTokenAsync(string action, Dictionary<string, string> fields,
        params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(fields) };
        foreach (var (name, value) in headers) request.Headers.Add(name, value);
        return await Http.SendAsync(request);
    }

    public static readonly (string, string) SameOrigin = ("Sec-Fetch-Site", "same-origin");

    public static string Location(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return response.Headers.Location!.OriginalString;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();
}
