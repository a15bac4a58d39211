using System.Net;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using O2O.Domain.Catalog;
using O2O.Domain.Common;
using O2O.IntegrationTests.Infrastructure;
using O2O.IntegrationTests.Seo;
using O2O.Web.Storefront;

namespace O2O.IntegrationTests.Seed;

/// <summary>The demo catalog looks like a shop: every product has a drawing of its own; a product nobody drew gets a generic picture.</summary>
public sealed class DemoPicturesTests(O2OApp app) : IntegrationTest(app)
{
    private const int MaxBytes = 4 * 1024;

    [Fact]
    public async Task Every_demo_product_has_its_own_small_picture()
    {
        await App.SeedDemoDataAsync();
        var products = await App.WithDbAsync(db => db.Products.AsNoTracking().OrderBy(p => p.Sku).ToListAsync());
        var client = App.CreateClient();
        var fallback = await File.ReadAllTextAsync(Path.Combine(WebRoot, CategoryImages.FallbackPath));

        products.Count.ShouldBe(66);
        products.Select(p => p.ImageUrl).Distinct().Count().ShouldBe(products.Count, "no two demo products share a picture");
        var drawings = new HashSet<string>();
        foreach (var product in products)
        {
            product.ImageUrl.ShouldBe($"/img/products/{product.Sku.ToLowerInvariant()}.svg");
            var response = await client.GetAsync(product.ImageUrl);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, product.Sku);
            response.Content.Headers.ContentType?.MediaType.ShouldBe("image/svg+xml", product.Sku);
            var svg = await response.Content.ReadAsStringAsync();
            System.Text.Encoding.UTF8.GetByteCount(svg).ShouldBeLessThan(MaxBytes, product.Sku);
            XDocument.Parse(svg).Root!.Name.LocalName.ShouldBe("svg", product.Sku);
            svg.ShouldNotBe(fallback, product.Sku);
            drawings.Add(svg).ShouldBeTrue($"{product.Sku} is drawn like another product");
        }
    }

    [Fact]
    public async Task A_product_without_a_picture_in_a_category_nobody_drew_shows_the_generic_picture()
    {
        var product = await App.WithDbAsync(async db =>
        {
            var p = new Product(Guid.CreateVersion7(), "BATH-1", "Bath towel", "Soft cotton.", "Bath & Spa", new Money(1290, "EUR"), null);
            db.Products.Add(p);
            await db.SaveChangesAsync();
            return p;
        });

        var data = PageHead.JsonLd(await PageClient.For(App).GetAsync($"/products/{product.Id}"));
        var image = new Uri(data.GetProperty("image").GetString()!).AbsolutePath;

        image.ShouldBe("/img/categories/bath-spa.svg");
        var response = await App.CreateClient().GetAsync(image);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe(await File.ReadAllTextAsync(Path.Combine(WebRoot, CategoryImages.FallbackPath)));
    }

    [Theory]
    [InlineData(null, "Kitchen", "/img/categories/kitchen.svg")]
    [InlineData(" ", "Bath & Spa", "/img/categories/bath-spa.svg")]
    [InlineData("/images/products/0194a1b2-0000-7000-8000-000000000001", "Kitchen", "/images/products/0194a1b2-0000-7000-8000-000000000001")]
    public void A_product_shows_its_own_picture_else_its_category_s(string? imageUrl, string category, string expected) =>
        CategoryImages.ForProduct(imageUrl, category).ShouldBe(expected);

    private string WebRoot => App.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.IWebHostEnvironment>().WebRootPath;
}
