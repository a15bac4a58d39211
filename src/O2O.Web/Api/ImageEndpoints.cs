using Mediator;
using O2O.Application.Admin;
using O2O.Web.Storefront;

namespace O2O.Web.Api;

public static class ImageEndpoints
{
    public static void MapImageEndpoints(this IEndpointRouteBuilder app)
    {
        // Uploaded product images, served from PostgreSQL by any instance and cached by browsers (ids never change).
        app.MapGet("/images/products/{id:guid}", async (Guid id, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var image = await sender.Send(new GetProductImage(id), ct);
                if (image is null) return Results.NotFound();
                http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
                return Results.File(image.Content, image.ContentType);
            })
            .ExcludeFromDescription();

        // The static files answer first for the categories that have a picture. A category created in the back office
        // has none until someone draws it, so it gets the generic one instead of a broken image; cached for an hour
        // only, so a picture added later shows without a new URL.
        app.MapGet("/img/categories/{slug}.svg", (HttpContext http, IWebHostEnvironment env) =>
            {
                http.Response.Headers.CacheControl = "public, max-age=3600";
                return Results.File(env.WebRootFileProvider.GetFileInfo(CategoryImages.FallbackPath).CreateReadStream(), "image/svg+xml");
            })
            .ExcludeFromDescription();
    }
}
