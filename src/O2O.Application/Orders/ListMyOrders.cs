using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;

namespace O2O.Application.Orders;

public sealed record ListMyOrders(string UserId) : IQuery<IReadOnlyList<MyOrderSummary>>;

/// <summary>The slot is in the store's time zone, with its offset, as the shopper will find it on the store's clock.</summary>
public sealed record MyOrderSummary(Guid Id, string Number, string Status, string StoreName, DateTimeOffset SlotStart, DateTimeOffset SlotEnd, MoneyDto Total);

public sealed class ListMyOrdersHandler(IAppDbContext db) : IQueryHandler<ListMyOrders, IReadOnlyList<MyOrderSummary>>
{
    public async ValueTask<IReadOnlyList<MyOrderSummary>> Handle(ListMyOrders query, CancellationToken ct) =>
        (await (from o in db.Orders.AsNoTracking()
                join s in db.Stores on o.StoreId equals s.Id
                where o.UserId == query.UserId
                orderby o.CreatedAt descending
                select new { o.Id, o.Number, o.Status, s.Name, s.TimeZoneId, o.SlotStart, o.SlotEnd, o.TotalAmount, o.Currency })
            .Take(100).ToListAsync(ct))
        .Select(o =>
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(o.TimeZoneId);
            return new MyOrderSummary(o.Id, o.Number, o.Status.ToString(), o.Name,
                TimeZoneInfo.ConvertTime(o.SlotStart, zone), TimeZoneInfo.ConvertTime(o.SlotEnd, zone), new MoneyDto(o.TotalAmount, o.Currency));
        })
        .ToList();
}

/// <summary>Orders placed as a guest with this email now belong to the account registered with it.</summary>
public sealed record ClaimGuestOrders(string UserId, string Email) : ICommand<int>;

public sealed class ClaimGuestOrdersHandler(IAppDbContext db) : ICommandHandler<ClaimGuestOrders, int>
{
    public async ValueTask<int> Handle(ClaimGuestOrders command, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync($"""
            UPDATE orders SET user_id = {command.UserId}
            WHERE user_id IS NULL AND lower(customer_email) = lower({command.Email.Trim()})
            """, ct);
}
