using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Domain.Orders;
using O2O.Application.Localization;

namespace O2O.Application.Staff;

/// <summary>
/// A store's orders for one local day, for the pickup board and the staff app: by slot, with the board column
/// each belongs in. Null when the store is not the caller's (answered as 404).
/// </summary>
public sealed record ListStoreOrders(Guid StoreId, DateOnly? Date, string? Status, Actor Actor) : IQuery<StoreDay?>;

public sealed record StoreDay(Guid StoreId, string StoreName, string TimeZone, DateOnly Date, IReadOnlyList<StoreOrderRow> Orders);

public sealed record StoreOrderRow(Guid Id, string Number, string Status, string Column, DateTimeOffset SlotStart, DateTimeOffset SlotEnd,
    string CustomerName, int Items, MoneyDto Total, IReadOnlyList<PickLine> Lines, DateTimeOffset? ArrivedAt = null, string? ArrivalNote = null,
    string? CollectorName = null, bool IdCheck = false)
{
    /// <summary>A collect-now order: when it must be ready at the desk (store time); null for a slot order.</summary>
    public DateTimeOffset? ReadyAt { get; init; }

    public bool CollectNow => ReadyAt is not null;

    /// <summary>The promotion code the order carries (ADR 52), for the card's small "code" mark; null without one.</summary>
    public string? PromoCode { get; init; }
}

public sealed record PickLine(Guid LineId, string Sku, string Name, int Quantity, int ShortQuantity, string? ShortReason, bool AgeRestricted = false);

public static class BoardColumns
{
    public const string ToPrepare = "To prepare";
    public const string Ready = "Ready";
    public const string Collected = "Collected";
    public const string Overdue = "Overdue";

    /// <summary>Overdue: paid or ready, and its slot has ended without a hand-over.</summary>
    public static string For(OrderStatus status, DateTimeOffset slotEnd, DateTimeOffset now) => status switch
    {
        OrderStatus.Paid or OrderStatus.ReadyForPickup when slotEnd < now => Overdue,
        OrderStatus.Paid => ToPrepare,
        OrderStatus.ReadyForPickup => Ready,
        OrderStatus.Collected => Collected,
        _ => status.ToString(),
    };
}

public sealed class ListStoreOrdersValidator : AbstractValidator<ListStoreOrders>
{
    public ListStoreOrdersValidator()
    {
        RuleFor(x => x.Status).Must(s => s is null || Enum.TryParse<OrderStatus>(s, ignoreCase: false, out _))
            .WithMessage(_ => Texts.Format(Messages.Staff_StatusOneOf, string.Join(", ", Enum.GetNames<OrderStatus>())))
            .OverridePropertyName("status");
        RuleFor(x => x.Date).IsSaneDate("date").OverridePropertyName("date");
    }
}

public sealed class ListStoreOrdersHandler(IAppDbContext db, TimeProvider clock) : IQueryHandler<ListStoreOrders, StoreDay?>
{
    public async ValueTask<StoreDay?> Handle(ListStoreOrders query, CancellationToken ct)
    {
        var store = await db.Stores.AsNoTracking().FirstOrDefaultAsync(s => s.Id == query.StoreId, ct);
        if (store is null || !await StaffScope.CoversAsync(db, query.Actor, store.Id, ct)) return null;

        var now = clock.GetUtcNow();
        var date = query.Date ?? store.LocalToday(now);
        var zone = store.TimeZone;
        var from = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(TimeOnly.MinValue), zone), TimeSpan.Zero);
        var to = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(date.AddDays(1).ToDateTime(TimeOnly.MinValue), zone), TimeSpan.Zero);

        var orders = db.Orders.AsNoTracking()
            .Where(o => o.StoreId == store.Id && o.SlotStart >= from && o.SlotStart < to && o.Status != OrderStatus.PendingPayment && o.Status != OrderStatus.Expired);
        if (query.Status is { } status) orders = orders.Where(o => o.Status == Enum.Parse<OrderStatus>(status));
        // Only the columns the board shows: a busy store's day is a thousand orders, and whole order rows (fifty
        // columns, repeated on each of their lines' rows) made reading them most of the board's cost (issue 15's bench).
        var list = await orders.OrderBy(o => o.SlotStart).ThenBy(o => o.Number)
            .Select(o => new
            {
                o.Id, o.Number, o.Status, o.SlotStart, o.SlotEnd, o.CustomerName, o.TotalAmount, o.Currency, o.ArrivedAt, o.ArrivalNote,
                o.CollectorName, o.CollectNowWindow, o.PromoCode,
                Lines = o.Lines.Select(l => new PickLine(l.Id, l.Sku, l.Name, l.Quantity, l.ShortQuantity, l.ShortReason, l.AgeRestricted)).ToList(),
            })
            .ToListAsync(ct);

        return new StoreDay(store.Id, store.Name, store.TimeZoneId, date, list.Select(o => new StoreOrderRow(o.Id, o.Number, o.Status.ToString(),
            BoardColumns.For(o.Status, o.SlotEnd, now), TimeZoneInfo.ConvertTime(o.SlotStart, zone), TimeZoneInfo.ConvertTime(o.SlotEnd, zone),
            o.CustomerName, o.Lines.Sum(l => l.Quantity - l.ShortQuantity), new MoneyDto(o.TotalAmount, o.Currency), o.Lines,
            o.ArrivedAt is { } arrived && o.Status is OrderStatus.Paid or OrderStatus.ReadyForPickup ? TimeZoneInfo.ConvertTime(arrived, zone) : null,
            o.ArrivalNote, o.CollectorName, o.Lines.Any(l => l.AgeRestricted)) { ReadyAt = o.CollectNowWindow is null ? null : TimeZoneInfo.ConvertTime(o.SlotStart, zone), PromoCode = o.PromoCode }).ToList());
    }
}
