using Mediator;
using O2O.Application.Orders;
using O2O.Application.Staff;
using O2O.Web.Infrastructure;
using O2O.Application.Localization;

namespace O2O.Web.Api;

public static class StaffEndpoints
{
    /// <param name="IdChecked">The clerk checked the collector's ID: required when the order has an age-restricted line (else 422 id_check_required).</param>
    public sealed record CollectBody(string? PickupCode, bool? IdChecked = null);

    public sealed record ShortBody(int Quantity, string? Reason);

    public static void MapStaffEndpoints(this RouteGroupBuilder v1)
    {
        var staff = v1.MapGroup("/staff").WithTags("Staff").RequireAuthorization(Policies.StaffOrAdmin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        staff.MapGet("/stores/{storeId:guid}/orders", async (Guid storeId, DateOnly? date, string? status, HttpContext http, ISender sender, CancellationToken ct) =>
                ErrorResults.OkOrNotFound(await sender.Send(new ListStoreOrders(storeId, date, status, http.User.ToActor()), ct), Messages.NotFound_Store))
            .WithName("ListStoreOrders")
            .WithSummary("A store's orders for one local day (default today), by slot, with their board column. Staff see only their stores.")
            .Produces<StoreDay>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        staff.MapPost("/orders/{id:guid}/lines/{lineId:guid}/short", async (Guid id, Guid lineId, ShortBody? body, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new MarkLineShort(id, lineId, body?.Quantity ?? 0, body?.Reason, http.User.ToActor()), ct);
                return result.IsSuccess ? Results.Ok(result.Value!.ForStaff()) : result.Error!.ToProblem();
            })
            .WithName("MarkLineShort")
            .WithSummary("Marks units of a line as not picked: the total drops and the difference is refunded (or not captured); the shopper is told.")
            .Produces<OrderView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        staff.MapPost("/orders/{id:guid}/no-show", async (Guid id, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new ReleaseNoShow(id, http.User.ToActor()), ct);
                return result.IsSuccess ? Results.Ok(result.Value!.ForStaff()) : result.Error!.ToProblem();
            })
            .WithName("ReleaseNoShow")
            .WithSummary("Releases an overdue order as a no-show: money back, units back on the shelf.")
            .Produces<OrderView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        staff.MapPost("/orders/{id:guid}/ready", async (Guid id, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new MarkOrderReady(id, http.User.ToActor()), ct);
                return result.IsSuccess ? Results.Ok(result.Value!.ForStaff()) : result.Error!.ToProblem();
            })
            .WithName("MarkOrderReady")
            .WithSummary("Marks a paid order as picked and waiting at the counter; the shopper is told.")
            .Produces<OrderView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        staff.MapPost("/orders/{id:guid}/collect", async (Guid id, CollectBody? body, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new CollectOrder(id, body?.PickupCode, http.User.ToActor()) { IdChecked = body?.IdChecked == true }, ct);
                return result.IsSuccess ? Results.Ok(result.Value!.ForStaff()) : result.Error!.ToProblem();
            })
            .WithName("CollectOrder")
            .RateLimited(Door.PickupCode, HttpMethods.Post)
            .WithSummary("Hands the order over when the pickup code matches. Wrong codes are counted; too many lock the order for a while. An order with age-restricted lines needs idChecked: true (the clerk checked the collector's ID), else 422 id_check_required and nothing changes.")
            .Produces<OrderView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        staff.MapBoardEvents();
    }
}
