using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Admin;
using O2O.Application.Checkout;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Application.Loyalty;
using O2O.Application.Notifications;
using O2O.Application.Orders;
using O2O.Application.Payments;
using O2O.Domain.Orders;

namespace O2O.Application.Staff;

public sealed record ReturnLineInput(Guid LineId, int Quantity, bool Restock);

/// <summary>
/// A clerk takes collected items back at the counter of <paramref name="StoreId"/> (default: the pickup store), within
/// the pickup store's return window. Restocked units go on hand at that counter's store; the money goes back through
/// one refund command keyed by the return, sent after the commit (ADR 47).
/// </summary>
public sealed record TakeBackItems(Guid OrderId, Guid? StoreId, IReadOnlyList<ReturnLineInput>? Lines, string? Reason, Actor Actor)
    : ICommand<Result<ReturnTaken>>
{
    /// <summary>The caller's scoped Idempotency-Key, hashed; kept on the return so a retry after a crash finds it.</summary>
    public string? IdempotencyKeyHash { get; init; }
    public string? RequestHash { get; init; }
}

public sealed record ReturnTaken(ReturnView Return, OrderView Order);

public sealed class TakeBackItemsValidator : AbstractValidator<TakeBackItems>
{
    public const int MaxLines = 100;

    public TakeBackItemsValidator()
    {
        RuleFor(x => x.Lines).NotEmpty().WithMessage(_ => Messages.Return_NoLines).OverridePropertyName("lines");
        RuleFor(x => x.Lines).Must(l => l is null || l.Count <= MaxLines).WithMessage(_ => Texts.Format(Messages.Return_TooManyLines, MaxLines)).OverridePropertyName("lines");
        RuleFor(x => x.Lines).Must(l => l is null || l.Select(x => x.LineId).Distinct().Count() == l.Count)
            .WithMessage(_ => Messages.Return_LineTwice).OverridePropertyName("lines");
        RuleForEach(x => x.Lines).ChildRules(line =>
        {
            line.RuleFor(l => l.LineId).NotEmpty().OverridePropertyName("lineId").WithName(_ => Messages.Field_OrderLine);
            line.RuleFor(l => l.Quantity).InclusiveBetween(1, 10_000).OverridePropertyName("quantity").WithName(_ => Messages.Field_Quantity);
        }).OverridePropertyName("lines");
        RuleFor(x => x.Reason).NotEmpty().WithMessage(_ => Messages.Return_ReasonRequired).MaximumLength(OrderReturn.ReasonMaxLength)
            .OverridePropertyName("reason").WithName(_ => Messages.Field_Reason);
    }
}

public sealed class TakeBackItemsHandler(IAppDbContext db, IPaymentGateway payments, PaymentCommandSender paymentCommands, TimeProvider clock)
    : ICommandHandler<TakeBackItems, Result<ReturnTaken>>
{
    public async ValueTask<Result<ReturnTaken>> Handle(TakeBackItems command, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var lines = command.Lines!;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await HoldSql.LockOrderAsync(db, command.OrderId, ct)) return Error.NotFound(Messages.NotFound_Order);
        var order = (await OrderAccess.LoadAsync(db, command.OrderId, ct))!;
        var counterId = command.StoreId ?? order.StoreId;
        // The clerk must work at the counter taking the items back; the order may have been collected anywhere.
        if (!await StaffScope.CoversAsync(db, command.Actor, counterId, ct))
            return Error.NotFound(command.StoreId is null ? Messages.NotFound_Order : Messages.NotFound_Store);
        var counter = await db.Stores.AsNoTracking().FirstOrDefaultAsync(s => s.Id == counterId, ct);
        if (counter is null) return Error.NotFound(Messages.NotFound_Store);
        var pickupStore = counter.Id == order.StoreId ? counter : await db.Stores.AsNoTracking().FirstAsync(s => s.Id == order.StoreId, ct);

        if (command.IdempotencyKeyHash is { } keyHash)
        {
            // Under the order's lock: a retry whose first answer was lost (even across a crash) finds the return it made.
            var earlier = order.Returns.FirstOrDefault(r => r.IdempotencyKeyHash == keyHash);
            if (earlier is not null)
                return earlier.RequestHash == command.RequestHash
                    ? new ReturnTaken(ReturnView.From(order, earlier, t => Formats.InZone(t, pickupStore.TimeZone)), OrderView.From(order, pickupStore, payments.IsTestMode).ForStaff())
                    : new Error(ErrorKind.Unprocessable, "idempotency_key_reused", Messages.Api_KeyMismatch);
            if (await db.Orders.SelectMany(o => o.Returns).AnyAsync(r => r.IdempotencyKeyHash == keyHash, ct))
                return new Error(ErrorKind.Unprocessable, "idempotency_key_reused", Messages.Api_KeyMismatch);
        }

        if (order.Status != OrderStatus.Collected)
            return new Error(ErrorKind.Conflict, "order_not_collected", Messages.Return_NotCollected);
        var closes = order.ReturnWindowCloses(pickupStore.ReturnWindowDays)!.Value;
        if (now >= closes)
            return new Error(ErrorKind.Conflict, "return_window_closed",
                Texts.Format(Messages.Return_WindowClosed, Formats.Date(Formats.InZone(closes, pickupStore.TimeZone))),
                new Dictionary<string, object?> { ["returnableUntil"] = closes });
        if (lines.FirstOrDefault(l => order.Lines.All(x => x.Id != l.LineId)) is not null)
            return Error.NotFound(Messages.NotFound_OrderLine);

        var raised = await ReturnSql.TakeBackAsync(db, order.Id, [.. lines.Select(l => l.LineId)], [.. lines.Select(l => l.Quantity)], ct);
        if (raised != lines.Count)
        {
            // Nothing of it is kept: the transaction rolls back with the lines it did raise.
            await tx.RollbackAsync(ct);
            return Exceeds(order, lines);
        }

        var taken = order.TakeBack(Guid.CreateVersion7(now), counter.Id, counter.Name,
            [.. lines.Select(l => (l.LineId, l.Quantity, l.Restock))], command.Reason!, now, command.Actor.Name,
            command.IdempotencyKeyHash, command.RequestHash);
        var restock = taken.Lines.Where(l => l.Restock).GroupBy(l => l.ProductId).OrderBy(g => g.Key)
            .Select(g => (ProductId: g.Key, Units: g.Sum(l => l.Quantity))).ToArray();
        if (restock.Length > 0)
            await ReturnSql.RestockAsync(db, counter.Id, [.. restock.Select(r => r.ProductId)], [.. restock.Select(r => r.Units)], ct);
        // The account row last (ADR 48): the returned share of the points spent comes back, and the points earned on the
        // refunded money go; both keyed by the return, in its transaction.
        await OrderLoyalty.GiveBackReturnAsync(db, order, taken, now, ct);
        if (taken.RefundAmount > 0)
            await ReverseLoyalty.ForReturnAsync(db, order.Id, taken.Id.ToString(), taken.RefundAmount, now, ct);

        db.AuditEntries.Add(new AuditEntry(now, command.Actor.Name, "order.return", "Order", order.Id.ToString(), null,
            new
            {
                Return = taken.Id,
                ReturnStore = counter.Id,
                ReturnedUnits = taken.Lines.Select(l => $"{l.Quantity} × {l.Sku}").ToArray(),
                RestockedUnits = taken.Lines.Where(l => l.Restock).Sum(l => l.Quantity),
                Refund = new { amount = taken.RefundAmount, currency = taken.Currency },
                taken.Reason,
            }));
        db.Emails.Add(ShopperEmails.Returned(order, counter, taken, now, order.UserId is null ? 0 : order.LastReturnPointsFreed));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        order = await paymentCommands.SendNowAsync(order, ct);
        var view = OrderView.From(order, pickupStore, payments.IsTestMode).ForStaff();
        return new ReturnTaken(view.Returns.Single(r => r.Id == taken.Id), view);
    }

    /// <summary>Which lines went beyond, read under the order's lock, so the clerk sees how many can still come back.</summary>
    private static Error Exceeds(Order order, IReadOnlyList<ReturnLineInput> lines)
    {
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = order.Lines.First(l => l.Id == lines[i].LineId);
            if (lines[i].Quantity > line.ReturnableQuantity)
                errors[$"lines[{i}].quantity"] = [Texts.Format(Messages.Return_AtMost, line.ReturnableQuantity)];
        }
        return new Error(ErrorKind.Conflict, "return_exceeds_collected", Messages.Return_ExceedsCollected,
            new Dictionary<string, object?> { ["errors"] = errors });
    }
}
