using Mediator;
using O2O.Application.Orders;
using O2O.Application.Staff;
using O2O.Web.Infrastructure;

namespace O2O.Web.Api;

public static class StaffEndpoints
{
    public sealed record CollectBody(string? PickupCode);

    public static void MapStaffEndpoints(this RouteGroupBuilder v1)
    {
        var staff = v1.MapGroup("/staff").WithTags("Staff").RequireAuthorization(Policies.StaffOrAdmin);

        staff.MapPost("/orders/{id:guid}/ready", async (Guid id, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new MarkOrderReady(id, http.User.ToActor()), ct);
                return result.IsSuccess ? Results.Ok(result.Value) : result.Error!.ToProblem();
            })
            .WithName("MarkOrderReady")
            .Produces<OrderView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        staff.MapPost("/orders/{id:guid}/collect", async (Guid id, CollectBody? body, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new CollectOrder(id, body?.PickupCode, http.User.ToActor()), ct);
                return result.IsSuccess ? Results.Ok(result.Value) : result.Error!.ToProblem();
            })
            .WithName("CollectOrder")
            .WithSummary("Hands the order over when the pickup code matches. Wrong codes are counted; too many lock the order for a while.")
            .Produces<OrderView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
    }
}
