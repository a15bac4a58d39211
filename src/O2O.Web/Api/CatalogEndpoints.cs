using Mediator;
using O2O.Application.Catalog;
using O2O.Application.Common;
using O2O.Application.Localization;

namespace O2O.Web.Api;

public static class CatalogEndpoints
{
    public static void MapCatalogEndpoints(this RouteGroupBuilder v1)
    {
        var products = v1.MapGroup("/products").WithTags("Catalog");

        products.MapGet("/", async (ISender sender, CancellationToken ct, string? search, string? category, int page = 1, int pageSize = 20) =>
                TypedResults.Ok(await sender.Send(new ListProducts(search, category, page, pageSize), ct)))
            .WithName("ListProducts")
            .WithSummary("Active products, filtered by search text and category, a page at a time.")
            .Produces<PagedResult<ProductSummary>>()
            .ProducesValidationProblem();

        products.MapGet("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
                ErrorResults.OkOrNotFound(await sender.Send(new GetProduct(id), ct), Messages.NotFound_Product))
            .WithName("GetProduct")
            .WithSummary("An active product with its description, price and image.")
            .Produces<ProductDetails>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        products.MapGet("/{id:guid}/availability", async (Guid id, double? lat, double? lon, int? limit, ISender sender, CancellationToken ct) =>
                ErrorResults.OkOrNotFound(await sender.Send(new GetProductAvailability(id, lat, lon, limit ?? 20), ct), Messages.NotFound_Product))
            .WithName("GetProductAvailability")
            .WithSummary("Units available at the nearest stores (limit, default 20, at most 100), nearest first when lat and lon are given.")
            .Produces<IReadOnlyList<StoreAvailability>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        v1.MapGet("/categories", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListCategories(), ct)))
            .WithTags("Catalog").WithName("ListCategories")
            .WithSummary("The categories that have active products, with how many each has.")
            .Produces<IReadOnlyList<CategorySummary>>();
    }
}
