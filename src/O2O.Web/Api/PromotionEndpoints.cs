using System.Text;
using Mediator;
using Microsoft.OpenApi;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Application.Promotions;
using O2O.Web.Infrastructure;

namespace O2O.Web.Api;

/// <summary>The promotions' back office (ADR 51, 53): the same use cases as the pages under /admin/promotions.</summary>
public static class PromotionEndpoints
{
    /// <summary>Either <see cref="Code"/> (a shared promotion's one code) or <see cref="Count"/> (single-use codes to generate).</summary>
    public sealed record CodesBody(string? Code, int? Count);

    public static void MapPromotionEndpoints(this RouteGroupBuilder v1)
    {
        var admin = v1.MapGroup("/admin/promotions").WithTags("Admin").RequireAuthorization(Policies.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        admin.MapGet("/", async (int? page, int? pageSize, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListPromotions(page ?? 1, pageSize ?? 50), ct)))
            .WithName("AdminListPromotions")
            .WithSummary("Promotions, newest first, with their uses, limit and state (active while in force on at least one covered store's clock).")
            .Produces<PagedResult<PromotionView>>().ProducesValidationProblem();

        admin.MapPost("/", async (PromotionInput body, HttpContext http, ISender sender, CancellationToken ct) =>
                Created(await sender.Send(new CreatePromotion(body, http.User.ToActor()), ct)))
            .WithName("AdminCreatePromotion")
            .WithSummary("Creates a promotion (percentOff or amountOff, conditions, limits), with its shared code if code is given.")
            .Produces<PromotionView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapGet("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
                ErrorResults.OkOrNotFound(await sender.Send(new GetPromotion(id), ct), Messages.NotFound_Promotion))
            .WithName("AdminGetPromotion").WithSummary("One promotion with its uses, state and shared code.")
            .Produces<PromotionView>().ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPut("/{id:guid}", async (Guid id, PromotionInput body, HttpContext http, ISender sender, CancellationToken ct) =>
                Ok(await sender.Send(new UpdatePromotion(id, body, http.User.ToActor()), ct)))
            .WithName("AdminUpdatePromotion")
            .WithSummary("Replaces a promotion's name, discount, conditions and limits; maxUses never below the uses made (409 promotion_limit_below_uses).")
            .Produces<PromotionView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapPost("/{id:guid}/pause", async (Guid id, HttpContext http, ISender sender, CancellationToken ct) =>
                Ok(await sender.Send(new SetPromotionPaused(id, true, http.User.ToActor()), ct)))
            .WithName("AdminPausePromotion").WithSummary("Stops a promotion taking new uses; uses made stay.")
            .Produces<PromotionView>().ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPost("/{id:guid}/resume", async (Guid id, HttpContext http, ISender sender, CancellationToken ct) =>
                Ok(await sender.Send(new SetPromotionPaused(id, false, http.User.ToActor()), ct)))
            .WithName("AdminResumePromotion").WithSummary("Lets a paused promotion take uses again.")
            .Produces<PromotionView>().ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPost("/{id:guid}/codes", async (Guid id, CodesBody body, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                if ((body.Code is null) == (body.Count is null))
                    return Error.Invalid(body.Code is null ? "count" : "code", Messages.Promotions_CodeOrCount).ToProblem();
                var result = body.Code is { } code
                    ? await sender.Send(new AddSharedPromoCode(id, code, http.User.ToActor()), ct)
                    : await sender.Send(new GeneratePromoCodes(id, body.Count!.Value, http.User.ToActor()), ct);
                return result.IsSuccess ? Results.Created($"/api/v1/admin/promotions/{id}/codes", result.Value) : result.Error!.ToProblem();
            })
            .WithName("AdminAddPromoCodes")
            .WithSummary("{code}: a shared promotion's code (409 promo_code_taken, compared normalised). {count}: 1 to 10,000 single-use codes, all or none.")
            .Produces<CodesAdded>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapGet("/{id:guid}/codes", async (Guid id, int? page, int? pageSize, string? format, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                if (format is not null && format is not ("csv" or "json")) return Error.Invalid("format", Messages.Promotions_Format).ToProblem();
                if (format == "csv" || (format is null && WantsCsv(http.Request)))
                {
                    var csv = await sender.Send(new ExportPromoCodes(id), ct);
                    return csv is null ? ErrorResults.NotFound(Messages.NotFound_Promotion)
                        : Results.File(Encoding.UTF8.GetBytes(csv.Content), "text/csv; charset=utf-8", csv.FileName);
                }
                return ErrorResults.OkOrNotFound(await sender.Send(new ListPromoCodes(id, page ?? 1, pageSize ?? 100), ct), Messages.NotFound_Promotion);
            })
            .WithName("AdminListPromoCodes")
            .WithSummary("A promotion's codes, 100 a page; every code as CSV (code,singleUse,uses,campaignId,createdAt) with ?format=csv or Accept: text/csv.")
            .Produces<PagedResult<PromoCodeView>>()
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // One status, two bodies: the framework keeps one type per status, so the CSV is declared beside the JSON here.
                if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content is { } content)
                    content["text/csv"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
                return Task.CompletedTask;
            })
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapGet("/{id:guid}/redemptions", async (Guid id, int? page, int? pageSize, ISender sender, CancellationToken ct) =>
                ErrorResults.OkOrNotFound(await sender.Send(new ListPromoRedemptions(id, page ?? 1, pageSize ?? 50), ct), Messages.NotFound_Promotion))
            .WithName("AdminListPromoRedemptions")
            .WithSummary("A promotion's uses, newest first: when (UTC and the store's clock), store, online or counter, order or till reference, discount, live or given back and why.")
            .Produces<PagedResult<RedemptionView>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static bool WantsCsv(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));

    private static IResult Ok<T>(Result<T> result) => result.IsSuccess ? Results.Ok(result.Value) : result.Error!.ToProblem();

    private static IResult Created(Result<PromotionView> result) =>
        result.IsSuccess ? Results.Created($"/api/v1/admin/promotions/{result.Value!.Id}", result.Value) : result.Error!.ToProblem();
}
