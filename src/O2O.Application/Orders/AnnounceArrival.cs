using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Checkout;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Domain.Orders;

namespace O2O.Application.Orders;

/// <summary>
/// "I'm here": the shopper (order token or owner) tells the desk they are at the store, with an optional note
/// ("blue car, bay 3"), from half an hour before the slot until the store stops holding the order. Saying it again
/// keeps the first time, so the desk sees how long they have really waited.
/// </summary>
public sealed record AnnounceArrival(Guid OrderId, string? AccessToken, Actor Actor, string? Note) : ICommand<Result<OrderView>>;

public sealed class AnnounceArrivalValidator : AbstractValidator<AnnounceArrival>
{
    public AnnounceArrivalValidator() =>
        RuleFor(x => x.Note).MaximumLength(Order.ArrivalNoteMaxLength)
            .WithMessage(_ => Texts.Format(Messages.Arrival_NoteTooLong, Order.ArrivalNoteMaxLength)).OverridePropertyName("note");
}

public sealed class AnnounceArrivalHandler(IAppDbContext db, IPaymentGateway payments, TimeProvider clock)
    : ICommandHandler<AnnounceArrival, Result<OrderView>>
{
    public async ValueTask<Result<OrderView>> Handle(AnnounceArrival command, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The order's row lock orders this against a clerk handing it over or releasing it at the same moment.
        if (!await HoldSql.LockOrderAsync(db, command.OrderId, ct)) return Error.NotFound(Messages.NotFound_Order);
        var order = (await OrderAccess.LoadAsync(db, command.OrderId, ct))!;
        if (!OrderAccess.IsShopperOf(order, command.Actor, command.AccessToken)) return Error.NotFound(Messages.NotFound_Order);
        var store = await db.Stores.AsNoTracking().FirstAsync(s => s.Id == order.StoreId, ct);

        var now = clock.GetUtcNow();
        switch (order.Arrive(now, command.Note, store.Pickup.HoldDays))
        {
            case ArrivalOutcome.TooEarly:
                var opens = Formats.InZone(order.ArrivalWindow(store.Pickup.HoldDays).Opens, store.TimeZone);
                return new Error(ErrorKind.Conflict, "arrival_too_early", Texts.Format(Messages.Arrival_TooEarly, $"{Formats.Day(opens)} {Formats.Time(opens)} {Formats.Zone(opens)}"),
                    new Dictionary<string, object?> { ["opensAt"] = order.ArrivalWindow(store.Pickup.HoldDays).Opens });
            case ArrivalOutcome.TooLate:
                return new Error(ErrorKind.Conflict, "arrival_too_late", Messages.Arrival_TooLate);
            case ArrivalOutcome.NotWaitingForPickup:
                return new Error(ErrorKind.Conflict, "not_waiting_for_pickup", Messages.Arrival_NotWaiting);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return OrderView.From(order, store, payments.IsTestMode);
    }
}
