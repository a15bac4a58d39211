using Mediator;
using O2O.Application.Admin;

namespace O2O.Web.Api;

public static class ImageEndpoints
{
    /// <summary>Uploaded product images, served from PostgreSQL by any instance and cached by browsers (ids never change).</summary>
    public static void MapImageEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/images/products/{id:guid}", async (Guid id, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var image = await sender.Send(new GetProductImage(id), ct);
                if (image is null) return Results.NotFound();
                http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
                return Results.File(image.Content, image.ContentType);
            })
            .ExcludeFromDescription();
}
