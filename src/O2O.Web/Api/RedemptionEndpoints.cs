using Mediator;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Application.Promotions;
using O2O.Web.Infrastructure;

namespace O2O.Web.Api;

/// <summary>Codes redeemed at a store's till, by a point of sale or the desk (issue 13 item 4, ADR 54).</summary>
public static class RedemptionEndpoints
{
    /// <param name="Amount">In minor units (cents), above zero.</param>
    /// <param name="Currency">ISO 4217, the store's currency.</param>
    public sealed record MoneyInput(long? Amount, string? Currency);

    /// <param name="ExternalReference">The till's own reference for the sale (its receipt number): 1 to 100 printable ASCII characters.</param>
    public sealed record RedemptionBody(string? Code, MoneyInput? Subtotal, string? ExternalReference);

    public static void MapRedemptionEndpoints(this RouteGroupBuilder v1)
    {
        var redemptions = v1.MapGroup("/staff/stores/{storeId:guid}/redemptions").WithTags("Staff").RequireAuthorization(Policies.StaffOrAdmin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        redemptions.MapPost("/", async (Guid storeId, RedemptionBody? body, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new RedeemAtCounter(storeId, body?.Code, body?.Subtotal?.Amount, body?.Subtotal?.Currency,
                    body?.ExternalReference, http.User.ToActor(), PromoAttemptEdge.ClientOf(http, "counter")), ct);
                return result.IsSuccess ? Results.Ok(result.Value) : result.Error!.ToProblemWithRetry();
            })
            .WithName("RedeemAtCounter")
            .WithSummary("Redeems a code for a sale at the store's till: the discount on its subtotal and a redemption id. The same externalReference again answers the first answer (200, same body); with another code or subtotal it is 422 external_reference_reused. Refused codes are counted per client address and per account: too many, and 429 promo_attempts_exceeded with Retry-After.")
            .Accepts<RedemptionBody>("application/json")
            .Produces<CounterRedemption>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        redemptions.MapGet("/{redemptionId:guid}", async (Guid storeId, Guid redemptionId, HttpContext http, ISender sender, CancellationToken ct) =>
                ErrorResults.OkOrNotFound(await sender.Send(new GetCounterRedemption(storeId, redemptionId, http.User.ToActor()), ct), Messages.Counter_NotFound))
            .WithName("GetCounterRedemption")
            .WithSummary("One redemption of the store, and whether it was voided (times on the store's clock).")
            .Produces<CounterRedemptionState>();

        redemptions.MapDelete("/{redemptionId:guid}", async (Guid storeId, Guid redemptionId, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new VoidCounterRedemption(storeId, redemptionId, http.User.ToActor()), ct);
                return result.IsSuccess ? Results.Ok(result.Value) : result.Error!.ToProblem();
            })
            .WithName("VoidCounterRedemption")
            .WithSummary("The till's sale was voided: the code's use comes back. Voiding again answers the same. An online order's redemption is 409 redemption_is_online (its order gives it back).")
            .Produces<CounterRedemptionState>()
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
