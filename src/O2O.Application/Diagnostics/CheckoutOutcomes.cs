using Mediator;
using O2O.Application.Abstractions;
using O2O.Application.Checkout;
using O2O.Application.Common;

namespace O2O.Application.Diagnostics;

/// <summary>
/// Counts the checkouts the business refused, by the error code the shopper got, around the handler rather than at each of
/// its many returns: a refusal added to PlaceOrder later is counted with no change here. Input the validator rejects
/// never reaches this (it is a 400, not a refusal). The store is tagged only when it exists, so a made-up store id adds
/// no series.
/// </summary>
public sealed class CheckoutOutcomes(O2OMetrics metrics, IAppDbContext db) : IPipelineBehavior<PlaceOrder, Result<PlacedOrder>>
{
    public async ValueTask<Result<PlacedOrder>> Handle(PlaceOrder message, MessageHandlerDelegate<PlaceOrder, Result<PlacedOrder>> next,
        CancellationToken cancellationToken)
    {
        var result = await next(message, cancellationToken);
        if (result.Error is { } error)
            metrics.OrderRefused(error.Code, await metrics.StoreCodeAsync(db, message.StoreId, cancellationToken));
        return result;
    }
}
