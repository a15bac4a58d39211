using Mediator;
using O2O.Application.Common;
using O2O.Application.Loyalty;
using O2O.Web.Infrastructure;

namespace O2O.Web.Api;

/// <summary>Loyalty points (ADR 48): the member's balance and history, and the programme's settings for the admin.</summary>
public static class LoyaltyEndpoints
{
    public sealed record ProgramBody(bool Enabled, int? EarnPointsPerUnit, int? PointsPerUnitSpent, int? MaxSharePercent, int? ExpiryMonths);

    public sealed record AdjustmentBody(long Points, string? Reason, Guid? AdjustmentId);

    public sealed record AdjustedBalance(long Balance);

    public static void MapLoyaltyEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/me/loyalty", async (int? page, HttpContext http, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetMyLoyalty(http.User.ToActor().UserId!, page ?? 1), ct)))
            .RequireAuthorization()
            .WithTags("Account")
            .WithName("GetMyLoyalty")
            .WithSummary("The signed-in shopper's points balance and their history, newest first, 20 to a page.")
            .Produces<MyLoyalty>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        var admin = v1.MapGroup("/admin/loyalty").WithTags("Admin").RequireAuthorization(Policies.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        admin.MapGet("/", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new GetLoyaltyProgram(), ct)))
            .WithName("AdminGetLoyaltyProgram")
            .WithSummary("The programme's rules: earn rate, points per currency unit spent, largest share paid with points, expiry.")
            .Produces<LoyaltyProgram>();

        admin.MapPut("/", async (ProgramBody body, HttpContext http, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new UpdateLoyaltyProgram(body.Enabled, body.EarnPointsPerUnit, body.PointsPerUnitSpent,
                    body.MaxSharePercent, body.ExpiryMonths, http.User.ToActor()), ct)))
            .WithName("AdminUpdateLoyaltyProgram")
            .WithSummary("Replaces the programme's rules; they apply to orders placed and collected from now on.")
            .Produces<LoyaltyProgram>()
            .ProducesValidationProblem();

        admin.MapPost("/accounts/{userId}/adjustments", async (string userId, AdjustmentBody body, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new AdjustLoyaltyPoints(userId, body.Points, body.Reason, body.AdjustmentId ?? Guid.Empty, http.User.ToActor()), ct);
                return result.IsSuccess ? Results.Ok(new AdjustedBalance(result.Value)) : result.Error!.ToProblem();
            })
            .WithName("AdminAdjustLoyaltyPoints")
            .WithSummary("Adds (positive) or takes (negative) points with a reason; the same adjustmentId again changes nothing.")
            .Produces<AdjustedBalance>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
