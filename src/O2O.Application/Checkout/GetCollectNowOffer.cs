using Mediator;
using O2O.Application.Abstractions;
using O2O.Domain.Pickup;

namespace O2O.Application.Checkout;

/// <summary>
/// What a shopper in the store is offered right now: "collect at the desk in N minutes", ready at a store-local time.
/// Null when the store doesn't take collect-now orders, is closed, or closes first. Whether the quarter hour still has
/// room is decided when the order is placed, by the guarded booking, not here.
/// </summary>
public sealed record GetCollectNowOffer(Guid StoreId) : IQuery<CollectNowOfferView?>;

/// <param name="ReadyAt">In the store's zone.</param>
public sealed record CollectNowOfferView(int PrepareMinutes, DateTimeOffset ReadyAt);

public sealed class GetCollectNowOfferHandler(IAppDbContext db, TimeProvider clock, StoreScheduleCache schedules)
    : IQueryHandler<GetCollectNowOffer, CollectNowOfferView?>
{
    public async ValueTask<CollectNowOfferView?> Handle(GetCollectNowOffer query, CancellationToken ct)
    {
        var store = await schedules.GetAsync(db, query.StoreId, ct);
        if (store is null || store.PickupPaused) return null;
        return CollectNowSchedule.At(store, clock.GetUtcNow()).Offer is { } offer
            ? new CollectNowOfferView(store.CollectNow.PrepareMinutes, offer.Ready)
            : null;
    }
}
