using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Payments;
using O2O.Domain.Payments;

namespace O2O.Application.Diagnostics;

/// <summary>
/// The business figures an operator watches on the day of a promotion (ADR 57), all on the one meter "O2O". Tags stay
/// bounded, so every series lives as long as the process without the exporter's memory growing: a store's code (tens to
/// hundreds), an error code, an email kind, a provider, a command kind; never an order, a shopper or an amount.
/// Counters are added to after the commit that made the fact true, so a rolled-back order is never counted.
/// </summary>
public sealed class O2OMetrics
{
    public const string MeterName = "O2O";

    private readonly ConcurrentDictionary<Guid, string> _storeCodes = new();
    private readonly Counter<long> _ordersPlaced;
    private readonly Counter<long> _ordersRefused;
    private readonly Counter<long> _holdsExpired;
    private readonly Counter<long> _paymentsSucceeded;
    private readonly Counter<long> _paymentsFailed;
    private readonly Counter<long> _paymentCommandAttempts;
    private readonly Counter<long> _emailsSent;
    private readonly Counter<long> _emailsFailed;
    private readonly Counter<long> _handOvers;
    private readonly Counter<long> _noShows;

    public O2OMetrics(IMeterFactory meters, BacklogGauges backlog)
    {
        var meter = meters.Create(MeterName);
        _ordersPlaced = meter.CreateCounter<long>("o2o.orders.placed", "{order}", "Orders placed (stock and a slot place held).");
        _ordersRefused = meter.CreateCounter<long>("o2o.orders.refused", "{order}",
            "Checkouts the business refused, by the error code the shopper got (reason).");
        _holdsExpired = meter.CreateCounter<long>("o2o.holds.expired", "{order}", "Unpaid orders whose hold ran out; stock and place given back.");
        _paymentsSucceeded = meter.CreateCounter<long>("o2o.payments.succeeded", "{payment}", "Payments the provider confirmed.");
        _paymentsFailed = meter.CreateCounter<long>("o2o.payments.failed", "{payment}", "Payments the provider reported failed.");
        _paymentCommandAttempts = meter.CreateCounter<long>("o2o.payment_commands.attempts", "{attempt}",
            "Refunds, voids and captures sent to the provider, by outcome (succeeded, retrying, failed for good).");
        _emailsSent = meter.CreateCounter<long>("o2o.emails.sent", "{email}", "Emails handed to the mail server.");
        _emailsFailed = meter.CreateCounter<long>("o2o.emails.failed", "{email}", "Email attempts that failed (retried later).");
        _handOvers = meter.CreateCounter<long>("o2o.orders.handed_over", "{order}", "Orders handed over at the desk.");
        _noShows = meter.CreateCounter<long>("o2o.orders.no_shows", "{order}", "Ready orders released as no-shows.");
        backlog.Observe(meter);
    }

    public void OrderPlaced(string storeCode) => _ordersPlaced.Add(1, Store(storeCode));

    /// <summary>The reason is the error's stable code, so a refusal added later is counted with no change here.</summary>
    public void OrderRefused(string reason, string? storeCode)
    {
        if (storeCode is null) _ordersRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));
        else _ordersRefused.Add(1, new KeyValuePair<string, object?>("reason", reason), Store(storeCode));
    }

    public async ValueTask HoldExpiredAsync(IAppDbContext db, Guid storeId, CancellationToken ct) =>
        _holdsExpired.Add(1, Store(await StoreCodeAsync(db, storeId, ct) ?? "unknown"));

    public async ValueTask NoShowAsync(IAppDbContext db, Guid storeId, CancellationToken ct) =>
        _noShows.Add(1, Store(await StoreCodeAsync(db, storeId, ct) ?? "unknown"));

    public void HandedOver(string storeCode) => _handOvers.Add(1, Store(storeCode));

    /// <summary>Counts an applied event only: a duplicate, an unknown order or an event ignored changed nothing.</summary>
    public void PaymentEvent(string provider, PaymentEventKind kind, PaymentEventOutcome outcome)
    {
        if (outcome is PaymentEventOutcome.Duplicate or PaymentEventOutcome.UnknownOrder or PaymentEventOutcome.Ignored
            or PaymentEventOutcome.AmountMismatch) return;
        (kind == PaymentEventKind.Failed ? _paymentsFailed : _paymentsSucceeded).Add(1, new KeyValuePair<string, object?>("provider", provider));
    }

    public void PaymentCommandAttempt(PaymentCommandKind kind, PaymentCommandStatus statusAfter) =>
        _paymentCommandAttempts.Add(1, new KeyValuePair<string, object?>("kind", kind.ToString()),
            new KeyValuePair<string, object?>("outcome", statusAfter switch
            {
                PaymentCommandStatus.Succeeded => "succeeded",
                PaymentCommandStatus.Failed => "failed",
                _ => "retrying",
            }));

    public void EmailSent(string kind) => _emailsSent.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void EmailFailed(string kind) => _emailsFailed.Add(1, new KeyValuePair<string, object?>("kind", kind));

    /// <summary>
    /// A store's code is fixed once the store exists (UpdateStore refuses to change it), so it is read once per store
    /// and process; null for an id no store has.
    /// </summary>
    public async ValueTask<string?> StoreCodeAsync(IAppDbContext db, Guid storeId, CancellationToken ct)
    {
        if (_storeCodes.TryGetValue(storeId, out var code)) return code;
        code = await db.Stores.AsNoTracking().Where(s => s.Id == storeId).Select(s => s.Code).FirstOrDefaultAsync(ct);
        if (code is not null) _storeCodes[storeId] = code;
        return code;
    }

    private static KeyValuePair<string, object?> Store(string code) => new("store", code);
}
