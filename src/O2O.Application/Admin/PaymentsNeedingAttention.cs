using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Checkout;
using O2O.Application.Common;
using O2O.Application.Orders;
using O2O.Application.Payments;
using O2O.Domain.Payments;
using O2O.Application.Localization;

namespace O2O.Application.Admin;

/// <summary><paramref name="CreatedAtInStore"/> is <paramref name="CreatedAt"/> on the store's clock, with the store's offset.</summary>
public sealed record PaymentCommandView(Guid Id, Guid OrderId, string OrderNumber, string StoreName, string Kind, MoneyDto Amount,
    string Status, string Reason, int Attempts, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt,
    DateTimeOffset CreatedAtInStore);

public sealed record PaymentCommandsView(IReadOnlyList<PaymentCommandView> Failed, int Pending);

/// <summary>Refunds, voids and captures the provider refused for good or that ran out of attempts, and how many are still on their way.</summary>
public sealed record ListPaymentsNeedingAttention : IQuery<PaymentCommandsView>;

public sealed class ListPaymentsNeedingAttentionHandler(IAppDbContext db) : IQueryHandler<ListPaymentsNeedingAttention, PaymentCommandsView>
{
    public async ValueTask<PaymentCommandsView> Handle(ListPaymentsNeedingAttention query, CancellationToken ct)
    {
        var failed = await (
                from c in db.PaymentCommands.AsNoTracking()
                where c.Status == PaymentCommandStatus.Failed
                join o in db.Orders on c.OrderId equals o.Id
                join s in db.Stores on c.StoreId equals s.Id
                orderby c.CreatedAt
                select new { c, o.Number, s.Name, s.TimeZoneId })
            .Take(500).ToListAsync(ct);
        var pending = await db.PaymentCommands.CountAsync(c => c.Status == PaymentCommandStatus.Pending, ct);
        return new PaymentCommandsView(failed.Select(x => View(x.c, x.Number, x.Name, x.TimeZoneId)).ToList(), pending);
    }

    internal static PaymentCommandView View(PaymentCommand c, string number, string store, string timeZoneId) =>
        new(c.Id, c.OrderId, number, store, c.Kind.ToString(), MoneyDto.From(c.Money), c.Status.ToString(), c.Reason, c.Attempts, c.LastError,
            c.CreatedAt, c.NextAttemptAt, TimeZoneInfo.ConvertTime(c.CreatedAt, TimeZoneInfo.FindSystemTimeZoneById(timeZoneId)));
}

/// <summary>An admin sends a refused payment command again: a new command (its own idempotency key) replaces it, sent at once.</summary>
public sealed record RetryPaymentCommand(Guid CommandId, Actor Actor) : ICommand<Result<PaymentCommandView>>;

public sealed class RetryPaymentCommandHandler(IAppDbContext db, PaymentCommandSender sender, TimeProvider clock)
    : ICommandHandler<RetryPaymentCommand, Result<PaymentCommandView>>
{
    public async ValueTask<Result<PaymentCommandView>> Handle(RetryPaymentCommand command, CancellationToken ct)
    {
        var orderId = await db.PaymentCommands.Where(c => c.Id == command.CommandId).Select(c => (Guid?)c.OrderId).FirstOrDefaultAsync(ct);
        if (orderId is null) return Error.NotFound(Messages.NotFound_PaymentCommand);

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await HoldSql.LockOrderAsync(db, orderId.Value, ct);
        var order = (await OrderAccess.LoadAsync(db, orderId.Value, ct))!;
        if (order.PaymentCommands.First(c => c.Id == command.CommandId).Status != PaymentCommandStatus.Failed)
            return new Error(ErrorKind.Conflict, "not_failed", Messages.Payment_OnlyFailedRetried);
        var next = order.RetryPaymentCommand(command.CommandId, now, command.Actor.Name);
        db.AuditEntries.Add(new AuditEntry(now, command.Actor.Name, "payment.retry", "Order", order.Id.ToString(),
            new { Command = command.CommandId }, new { Command = next.Id, Kind = next.Kind.ToString(), next.Amount }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        await sender.SendNowAsync(order.Id, ct);
        var sent = await db.PaymentCommands.AsNoTracking().FirstAsync(c => c.Id == next.Id, ct);
        var store = await db.Stores.AsNoTracking().Where(s => s.Id == order.StoreId).Select(s => new { s.Name, s.TimeZoneId }).FirstAsync(ct);
        return ListPaymentsNeedingAttentionHandler.View(sent, order.Number, store.Name, store.TimeZoneId);
    }
}
