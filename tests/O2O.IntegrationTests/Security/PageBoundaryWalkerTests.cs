using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Security;

/// <summary>
/// The pages' side of the route walk: every Razor page the app maps is requested, anonymous and signed in as an
/// admin, with boundary values in each query value it binds (its [BindProperty(SupportsGet = true)] properties and
/// its GET handlers' parameters). A bad address is the visitor's mistake, so no page may answer 5xx.
/// </summary>
public sealed class PageBoundaryWalkerTests(O2OApp app) : IntegrationTest(app)
{
    private static readonly string[] Values =
    [
        "", new string('x', 20_000), "2147483647", "-2147483648", "9223372036854775808", "0", "-1", "NaN", "1e308", "-1e308",
        "9999-12-31", "0001-01-01", "9999-12-31T23:59:59Z", "a\0b", "%00'\";--<script>", Guid.Empty.ToString(),
    ];

    private Store _store = null!;
    private Product _product = null!;
    private string _orderId = "";

    public override async Task InitializeAsync()
    {
        // No fixed clock: the admin signs in through the login form, and a cookie dated in the past would be dropped.
        await base.InitializeAsync();
        _store = await App.StoreAsync("PGW01");
        _product = await App.ProductAsync("PAGEWALK", 1200);
        await App.StockAsync(_store, _product, 100);
        await App.UserAsync("page-admin@o2o.test", Roles.Admin);
        _orderId = (await App.PaidOrderAsync(_store, (_product, 1))).Id;
    }

    [Fact]
    public async Task EveryPage_AnswersBelow500_ForBoundaryValuesInEveryQueryValueItBinds()
    {
        var pages = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Page: e.Metadata.GetMetadata<PageActionDescriptor>()))
            .Where(p => p.Page is not null)
            .GroupBy(p => p.Endpoint.RoutePattern.RawText)
            .Select(g => g.First())
            .ToList();
        pages.Count.ShouldBeGreaterThanOrEqualTo(30); // the pages the app had when this walker was written

        var clients = new[] { ("anonymous", PageClient.For(App).Http), ("admin", (await PageClient.SignedInAsync(App, "page-admin@o2o.test")).Http) };
        var failures = new List<string>();
        var requests = 0;
        foreach (var (endpoint, page) in pages)
        {
            var model = ModelType(page!); // null for a page without a model class (it binds nothing)
            var path = "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(part => part switch
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => IdFor(parameter.Name, endpoint.RoutePattern.RawText ?? ""),
                _ => "",
            }))));
            foreach (var (handler, names) in model is null ? [(null, [])] : QueryValues(model))
            {
                var prefix = handler is null ? "" : $"handler={handler}&";
                var urls = new List<string> { $"{path}?{prefix}".TrimEnd('?', '&') };
                foreach (var name in names)
                    urls.AddRange(Values.Select(v => $"{path}?{prefix}{Uri.EscapeDataString(name)}={Uri.EscapeDataString(v)}"));
                foreach (var url in urls)
                    foreach (var (who, client) in clients)
                    {
                        using var response = await client.GetAsync(url);
                        requests++;
                        if ((int)response.StatusCode >= 500) failures.Add($"{(int)response.StatusCode} {who} GET {(url.Length > 200 ? url[..200] + "…" : url)}");
                    }
            }
        }

        requests.ShouldBeGreaterThan(pages.Count * 2);
        failures.ShouldBeEmpty(string.Join(Environment.NewLine, failures.Take(60)));
    }

    /// <summary>"/Products/Index" is O2O.Web.Pages.Products.IndexModel, by the convention every page here follows.</summary>
    private static Type? ModelType(PageActionDescriptor page) =>
        typeof(Program).Assembly.GetType("O2O.Web.Pages" + page.ViewEnginePath.Replace('/', '.') + "Model");

    /// <summary>The query values each GET handler reads: the page's GET-bound properties plus the handler's own parameters.</summary>
    private static IEnumerable<(string? Handler, IReadOnlyList<string> Names)> QueryValues(Type model)
    {
        var bound = model.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Bind: p.GetCustomAttribute<BindPropertyAttribute>() ?? model.GetCustomAttribute<BindPropertiesAttribute>() as object))
            .Where(p => p.Bind is BindPropertyAttribute { SupportsGet: true } or BindPropertiesAttribute { SupportsGet: true })
            .Select(p => (p.Bind as BindPropertyAttribute)?.Name ?? p.Property.Name)
            .ToList();
        var handlers = model.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.Name.StartsWith("OnGet", StringComparison.Ordinal))
            .ToList();
        if (handlers.Count == 0) yield return (null, bound);
        foreach (var handler in handlers)
        {
            var name = handler.Name["OnGet".Length..].Replace("Async", "", StringComparison.Ordinal);
            var parameters = handler.GetParameters()
                .Where(p => p.ParameterType != typeof(CancellationToken) && p.Name is not ("id" or "storeId"))
                .Select(p => p.Name!);
            yield return (name.Length == 0 ? null : name, [.. bound, .. parameters]);
        }
    }

    private string IdFor(string name, string route) => name switch
    {
        "storeId" => _store.Id.ToString(),
        "code" => "404",
        "id" when route.Contains("products", StringComparison.OrdinalIgnoreCase) => _product.Id.ToString(),
        "id" when route.Contains("stores", StringComparison.OrdinalIgnoreCase) => _store.Id.ToString(),
        "id" when route.Contains("orders", StringComparison.OrdinalIgnoreCase) => _orderId,
        _ => Guid.NewGuid().ToString(),
    };
}
