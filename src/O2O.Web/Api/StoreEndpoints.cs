using O2O.Application.Checkout;
using Mediator;
using O2O.Application.Pickup;
using O2O.Application.Stores;
using O2O.Application.Localization;

namespace O2O.Web.Api;

public static class StoreEndpoints
{
    public static void MapStoreEndpoints(this RouteGroupBuilder v1)
    {
        var stores = v1.MapGroup("/stores").WithTags("Stores");

        stores.MapGet("/", async (double? lat, double? lon, string? city, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListStores(lat, lon, city), ct)))
            .WithName("ListStores")
            .WithSummary("All stores, nearest first when lat and lon are given.")
            .Produces<IReadOnlyList<StoreSummary>>()
            .ProducesValidationProblem();

        stores.MapGet("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
                ErrorResults.OkOrNotFound(await sender.Send(new GetStore(id), ct), Messages.NotFound_Store))
            .WithName("GetStore")
            .WithSummary("A store with its opening hours, coming closures and pickup settings.")
            .Produces<StoreDetails>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        stores.MapGet("/{id:guid}/pickup-slots", async (Guid id, DateOnly? from, int? days, ISender sender, CancellationToken ct) =>
                ErrorResults.OkOrNotFound(await sender.Send(new ListPickupSlots(id, from, days ?? 7), ct), Messages.NotFound_Store))
            .WithName("ListPickupSlots")
            .WithSummary("Bookable pickup slots from a local date (YYYY-MM-DD) for N days, in the store's time zone, with places left.")
            .Produces<IReadOnlyList<PickupSlotDto>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        stores.MapGet("/{id:guid}/collect-now", async (Guid id, ISender sender, CancellationToken ct) =>
                await sender.Send(new GetStore(id), ct) is null
                    ? ErrorResults.NotFound(Messages.NotFound_Store)
                    : TypedResults.Ok(CollectNowStatus.Of(await sender.Send(new GetCollectNowOffer(id), ct))))
            .WithName("GetCollectNowOffer")
            .WithSummary("Whether an order placed now with collectNow: true can be taken, and when it would be ready (store time). The quarter hour's room is decided when the order is placed.")
            .Produces<CollectNowStatus>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    public sealed record CollectNowStatus(bool Offered, int? PrepareMinutes, DateTimeOffset? ReadyAt)
    {
        public static CollectNowStatus Of(CollectNowOfferView? offer) => new(offer is not null, offer?.PrepareMinutes, offer?.ReadyAt);
    }
}
