using Mediator;
using O2O.Application.Admin;
using O2O.Application.Common;
using O2O.Web.Infrastructure;

namespace O2O.Web.Api;

/// <summary>The catalog's texts in the shop's other languages: a product's name and description, a category's name.</summary>
public static class CatalogTranslationEndpoints
{
    public sealed record ProductTranslationBody(string? Name, string? Description);

    public sealed record CategoryTranslationBody(string? Name);

    public static void MapCatalogTranslationEndpoints(this RouteGroupBuilder v1)
    {
        var admin = v1.MapGroup("/admin").WithTags("Admin").RequireAuthorization(Policies.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        admin.MapGet("/products/{id:guid}/translations", async (Guid id, ISender sender, CancellationToken ct) =>
                ErrorResults.OkOrNotFound(await sender.Send(new GetProductTranslations(id), ct), "The product"))
            .WithName("AdminGetProductTranslations").WithSummary("A product's name and description in each of the shop's other languages.")
            .Produces<ProductTranslations>().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPut("/products/{id:guid}/translations/{culture}", async (Guid id, string culture, ProductTranslationBody body, HttpContext http, ISender sender, CancellationToken ct) =>
                Answer(await sender.Send(new TranslateProduct(id, culture, body.Name, body.Description, http.User.ToActor()), ct)))
            .WithName("AdminTranslateProduct")
            .WithSummary("Sets a product's name and description in one language (fr, de, pt, fi, id, ar, ru); shoppers reading that language see them, others the catalog's own.")
            .Produces<ProductTranslationView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapDelete("/products/{id:guid}/translations/{culture}", async (Guid id, string culture, HttpContext http, ISender sender, CancellationToken ct) =>
                NoContent(await sender.Send(new RemoveProductTranslation(id, culture, http.User.ToActor()), ct)))
            .WithName("AdminRemoveProductTranslation").WithSummary("Removes a product's texts in one language; that language shows the catalog's own again.")
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapGet("/categories/translations", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListCategoryTranslations(), ct)))
            .WithName("AdminListCategoryTranslations").WithSummary("Every category with its name in each language where one was entered.")
            .Produces<IReadOnlyList<CategoryTranslations>>();
        admin.MapPut("/categories/{category}/translations/{culture}", async (string category, string culture, CategoryTranslationBody body, HttpContext http, ISender sender, CancellationToken ct) =>
                Answer(await sender.Send(new TranslateCategory(category, culture, body.Name, http.User.ToActor()), ct)))
            .WithName("AdminTranslateCategory").WithSummary("Sets a category's name in one language; its key (the catalog's own name) does not change.")
            .Produces<CategoryTranslationView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapDelete("/categories/{category}/translations/{culture}", async (string category, string culture, HttpContext http, ISender sender, CancellationToken ct) =>
                NoContent(await sender.Send(new RemoveCategoryTranslation(category, culture, http.User.ToActor()), ct)))
            .WithName("AdminRemoveCategoryTranslation").WithSummary("Removes a category's name in one language.")
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static IResult Answer<T>(Result<T> result) => result.IsSuccess ? Results.Ok(result.Value) : result.Error!.ToProblem();

    private static IResult NoContent(Result<bool> result) => result.IsSuccess ? Results.NoContent() : result.Error!.ToProblem();
}
