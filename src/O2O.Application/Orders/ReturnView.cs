using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Domain.Orders;
using O2O.Domain.Payments;

namespace O2O.Application.Orders;

/// <summary>
/// A counter return as its reader sees it. <paramref name="RefundStatus"/>: <c>refunded</c> (the provider confirmed it),
/// <c>pending</c> (on its way, or retried), <c>failed</c> (refused: with an admin, and still owed), <c>none</c> (nothing
/// was paid, so nothing goes back). <paramref name="Reason"/> is in the reader's language when it is one of the short
/// list (<paramref name="ReasonCode"/>), else the clerk's words.
/// </summary>
public sealed record ReturnView(Guid Id, DateTimeOffset At, Guid StoreId, string StoreName, string? ReasonCode, string Reason,
    IReadOnlyList<ReturnLineView> Lines, MoneyDto Refund, string RefundStatus)
{
    public const string Refunded = "refunded";
    public const string Pending = "pending";
    public const string Failed = "failed";
    public const string None = "none";

    public static ReturnView From(Order order, OrderReturn r, Func<DateTimeOffset, DateTimeOffset> local) =>
        new(r.Id, local(r.CreatedAt), r.StoreId, r.StoreName, r.ReasonIsCode ? r.Reason : null, ReasonText(r.Reason),
            r.Lines.Select(l => new ReturnLineView(l.OrderLineId, l.Sku, l.Name, l.Quantity, l.Restock, new MoneyDto(l.Amount, r.Currency))).ToList(),
            MoneyDto.From(r.Refund), StatusOf(order, r));

    /// <summary>The refund of a return is its command, or the command an admin's retry put in its place.</summary>
    private static string StatusOf(Order order, OrderReturn r)
    {
        var current = order.PaymentCommands.Where(c => c.ReturnId == r.Id && c.Status != PaymentCommandStatus.Superseded)
            .OrderByDescending(c => c.CreatedAt).FirstOrDefault();
        return current?.Status switch
        {
            null => None,
            PaymentCommandStatus.Succeeded => Refunded,
            PaymentCommandStatus.Failed => Failed,
            _ => Pending,
        };
    }

    public static string ReasonText(string reason) => reason switch
    {
        "changed_mind" => Messages.Return_Reason_ChangedMind,
        "damaged" => Messages.Return_Reason_Damaged,
        "faulty" => Messages.Return_Reason_Faulty,
        "wrong_item" => Messages.Return_Reason_WrongItem,
        "not_as_described" => Messages.Return_Reason_NotAsDescribed,
        _ => reason,
    };
}

public sealed record ReturnLineView(Guid LineId, string Sku, string Name, int Quantity, bool Restock, MoneyDto Amount);
