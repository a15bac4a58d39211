using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Domain.Orders;
using O2O.Application.Localization;

namespace O2O.Application.Accounts;

/// <summary>
/// A part of the app that keeps data about a shopper's account. The download asks each one for its section and the
/// account deletion asks each one to erase, in one transaction. Marketing consent and the loyalty ledger join the
/// same way when they exist: one more holder, registered in <see cref="DependencyInjection"/>.
/// </summary>
public interface IPersonalDataHolder
{
    /// <summary>The section's name in the download.</summary>
    string Section { get; }

    Task<object> ExportAsync(string userId, CancellationToken ct);

    /// <summary>Why the account cannot be deleted yet, or null.</summary>
    Task<string?> BlockingReasonAsync(string userId, CancellationToken ct);

    Task EraseAsync(string userId, CancellationToken ct);
}

public sealed record MyOrderData(Guid Id, string Number, string Status, string StoreName, DateTimeOffset PlacedAt, DateTimeOffset SlotStart,
    string CustomerEmail, string CustomerName, string? CustomerPhone, long TotalAmount, string Currency, bool Refunded,
    IReadOnlyList<MyOrderLineData> Lines, IReadOnlyList<MyOrderStepData> History);

public sealed record MyOrderLineData(string Sku, string Name, int Quantity, int ShortQuantity, long UnitPriceAmount);

public sealed record MyOrderStepData(string Status, DateTimeOffset At, string? Note);

public sealed record MyEmailData(string Kind, string To, string Subject, string Body, DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

/// <summary>
/// Orders belong to the retailer's accounts too, so deletion keeps them and erases who placed them: the personal fields
/// get placeholders that are not an email address (no later account can claim them), and the emails sent about them go.
/// </summary>
public sealed class OrderPersonalData(IAppDbContext db) : IPersonalDataHolder
{
    public const string ErasedEmail = "erased";
    public const string ErasedName = "Erased customer";

    public string Section => "orders";

    public async Task<object> ExportAsync(string userId, CancellationToken ct)
    {
        var orders = await (from o in db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.History)
                            join s in db.Stores on o.StoreId equals s.Id
                            where o.UserId == userId
                            orderby o.CreatedAt
                            select new { Order = o, StoreName = s.Name }).ToListAsync(ct);
        var ids = orders.Select(o => o.Order.Id).ToList();
        var emails = await db.Emails.AsNoTracking().Where(e => e.OrderId != null && ids.Contains(e.OrderId.Value)).OrderBy(e => e.Id)
            .Select(e => new { e.OrderId, Data = new MyEmailData(e.Kind, e.To, e.Subject, e.Body, e.CreatedAt, e.SentAt) }).ToListAsync(ct);
        return new
        {
            Orders = orders.Select(x => x.Order).Select(o => new MyOrderData(o.Id, o.Number, o.Status.ToString(),
                orders.First(x => x.Order.Id == o.Id).StoreName, o.CreatedAt, o.SlotStart, o.CustomerEmail, o.CustomerName, o.CustomerPhone,
                o.TotalAmount, o.Currency, o.Refunded,
                [.. o.Lines.Select(l => new MyOrderLineData(l.Sku, l.Name, l.Quantity, l.ShortQuantity, l.UnitPriceAmount))],
                [.. o.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new MyOrderStepData(h.Status.ToString(), h.At, Orders.OrderHistoryNotes.Render(h)))])).ToList(),
            EmailsSent = emails.Select(e => e.Data).ToList(),
        };
    }

    public async Task<string?> BlockingReasonAsync(string userId, CancellationToken ct) =>
        await db.Orders.AnyAsync(o => o.UserId == userId && OrderStatusRules.Live.Contains(o.Status), ct)
            ? Messages.Account_OrderUnfinished
            : null;

    public async Task EraseAsync(string userId, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"""
            DELETE FROM outbox_emails WHERE order_id IN (SELECT id FROM orders WHERE user_id = {userId})
            """, ct);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE orders SET customer_email = {ErasedEmail}, customer_name = {ErasedName}, customer_phone = NULL, user_id = NULL
            WHERE user_id = {userId}
            """, ct);
    }
}
