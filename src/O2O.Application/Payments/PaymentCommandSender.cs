using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using O2O.Application.Abstractions;
using O2O.Application.Checkout;
using O2O.Application.Orders;
using O2O.Domain.Payments;

namespace O2O.Application.Payments;

/// <summary>
/// Sends payment commands to the provider, outside any transaction (ADR 14):
/// 1. claim due commands with one autocommitted <c>UPDATE … FOR UPDATE SKIP LOCKED</c> that sets a lease, so several
///    instances never send the same one at once, and a crashed instance's claim runs out;
/// 2. call the provider with the command's id as idempotency key, no row locked;
/// 3. record the outcome on the order in a short transaction.
/// A crash between 2 and 3 sends the command again after the lease; the idempotency key makes that a replay.
/// </summary>
public sealed class PaymentCommandSender(IAppDbContext db, IPaymentGateway gateway, TimeProvider clock, IOptions<PaymentOptions> options,
    ILogger<PaymentCommandSender> logger, Diagnostics.O2OMetrics metrics)
{
    public const int BatchSize = 20;

    /// <summary>One round of the dispatcher: sends up to <see cref="BatchSize"/> due commands; returns how many it claimed.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var claimed = await ClaimAsync(null, BatchSize, ct);
        foreach (var command in claimed) await SendAsync(command, ct);
        return claimed.Count;
    }

    /// <summary>
    /// Right after the commit that wrote them: tries the order's commands once, bounded by <see cref="PaymentOptions.SendNowSeconds"/>.
    /// Whatever fails or takes longer is left to the dispatcher.
    /// </summary>
    public async Task SendNowAsync(Guid orderId, CancellationToken ct)
    {
        if (options.Value.SendNowSeconds == 0) return;
        var claimed = await ClaimAsync(orderId, BatchSize, ct);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(TimeSpan.FromSeconds(options.Value.SendNowSeconds));
        foreach (var command in claimed) await SendAsync(command, budget.Token);
    }

    /// <summary>
    /// <see cref="SendNowAsync(Guid, CancellationToken)"/> for an order the caller just committed: nothing is claimed when
    /// it owes no command (most hand-overs and cancels of unpaid orders), and the order comes back as it now stands.
    /// </summary>
    public async Task<Domain.Orders.Order> SendNowAsync(Domain.Orders.Order order, CancellationToken ct)
    {
        if (!order.PaymentCommands.Any(c => c.Status == PaymentCommandStatus.Pending)) return order;
        await SendNowAsync(order.Id, ct);
        return (await OrderAccess.LoadAsync(db, order.Id, ct))!;
    }

    private Task<List<PaymentCommand>> ClaimAsync(Guid? orderId, int max, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var leaseUntil = now.AddSeconds(options.Value.LeaseSeconds);
        var pending = nameof(PaymentCommandStatus.Pending);
        db.ChangeTracker.Clear();
        return db.PaymentCommands.FromSql($"""
            UPDATE payment_commands AS c SET lease_until = {leaseUntil}, attempts = c.attempts + 1
            FROM (SELECT id FROM payment_commands
                  WHERE status = {pending} AND next_attempt_at <= {now} AND (lease_until IS NULL OR lease_until <= {now})
                    AND ({orderId}::uuid IS NULL OR order_id = {orderId})
                  ORDER BY next_attempt_at, id
                  LIMIT {max}
                  FOR UPDATE SKIP LOCKED) AS due
            WHERE c.id = due.id
            RETURNING c.*
            """).AsNoTracking().ToListAsync(ct);
    }

    private async Task SendAsync(PaymentCommand command, CancellationToken ct)
    {
        string? error = null;
        var permanent = false;
        try
        {
            await gateway.ExecuteAsync(command, ct);
        }
        catch (PaymentGatewayException ex)
        {
            (error, permanent) = (ex.Message, ex.IsPermanent);
        }
        catch (OperationCanceledException)
        {
            // Out of time (or shutting down): the provider may or may not have done it; the retry's idempotency key settles it.
            error = "No answer from the payment provider in time.";
        }

        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
        await HoldSql.LockOrderAsync(db, command.OrderId, CancellationToken.None);
        var order = (await OrderAccess.LoadAsync(db, command.OrderId, CancellationToken.None))!;
        var now = clock.GetUtcNow();
        if (error is null) order.CompletePaymentCommand(command.Id, now);
        else order.FailPaymentCommandAttempt(command.Id, error, permanent, command.Attempts, now, TimeSpan.FromSeconds(options.Value.FirstRetrySeconds));
        await db.SaveChangesAsync(CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
        metrics.PaymentCommandAttempt(command.Kind, order.PaymentCommands.First(c => c.Id == command.Id).Status);

        if (error is null)
            logger.LogInformation("Payment command {CommandId}: {Kind} of {Amount} for order {OrderNumber} done", command.Id, command.Kind, command.Money, order.Number);
        else if (order.PaymentCommands.First(c => c.Id == command.Id).Status == PaymentCommandStatus.Failed)
            logger.LogError("Payment command {CommandId}: {Kind} of {Amount} for order {OrderNumber} failed for good after {Attempts} attempts: {Error}",
                command.Id, command.Kind, command.Money, order.Number, command.Attempts, error);
        else
            logger.LogWarning("Payment command {CommandId}: {Kind} for order {OrderNumber} failed, attempt {Attempts}; retrying later: {Error}",
                command.Id, command.Kind, order.Number, command.Attempts, error);
    }
}
