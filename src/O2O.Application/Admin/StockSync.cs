using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Checkout;
using O2O.Domain.Stock;
using O2O.Application.Localization;

namespace O2O.Application.Admin;

/// <summary>
/// Stock counts from a POS or ERP. Each item sets on hand for (store code, SKU). A replayed batch id changes
/// nothing and gets the first answer again. On hand never goes below what live orders hold: such an item is
/// rejected, never clamped, and reserved quantities are never written.
/// </summary>
public sealed record StockSync(string? BatchId, IReadOnlyList<StockSyncItem>? Items, Actor Actor) : ICommand<StockSyncResult>;

public sealed record StockSyncItem(string? StoreCode, string? Sku, int? OnHand);

public sealed record StockSyncResult(string BatchId, bool Replayed, int Applied, int Rejected, IReadOnlyList<StockSyncItemResult> Items);

public sealed record StockSyncItemResult(int Index, string? StoreCode, string? Sku, int? OnHand, string Status, string? Reason);

public sealed class StockSyncValidator : AbstractValidator<StockSync>
{
    public const int MaxItems = 10_000;

    public StockSyncValidator()
    {
        RuleFor(x => x.BatchId).NotEmpty().MaximumLength(100).OverridePropertyName("batchId").WithName(_ => Messages.Field_BatchId);
        RuleFor(x => x.Items).NotNull().Must(i => i is null || i.Count is >= 1 and <= MaxItems)
            .WithName(_ => Messages.Field_Items).WithMessage(_ => Texts.Format(Messages.Admin_StockSyncItems, MaxItems)).OverridePropertyName("items");
    }
}

public sealed class StockSyncHandler(IAppDbContext db, TimeProvider clock) : ICommandHandler<StockSync, StockSyncResult>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async ValueTask<StockSyncResult> Handle(StockSync command, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Claim the batch id first: a concurrent replay waits here on the primary key, then sees it taken.
        var claimed = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO stock_sync_batches (batch_id, received_at, result_json) VALUES ({command.BatchId}, {now}, {"{}"}::jsonb)
            ON CONFLICT (batch_id) DO NOTHING
            """, ct);
        if (claimed == 0)
        {
            var stored = await db.StockSyncBatches.AsNoTracking().FirstAsync(b => b.BatchId == command.BatchId, ct);
            return JsonSerializer.Deserialize<StockSyncResult>(stored.ResultJson, Json)! with { Replayed = true };
        }

        var items = command.Items!;
        var codes = items.Select(i => i.StoreCode?.Trim().ToUpperInvariant()).Where(c => c is not null).Distinct().ToList();
        var skus = items.Select(i => i.Sku?.Trim().ToUpperInvariant()).Where(s => s is not null).Distinct().ToList();
        var stores = await db.Stores.AsNoTracking().Where(s => codes.Contains(s.Code)).ToDictionaryAsync(s => s.Code, s => s.Id, ct);
        var products = await db.Products.AsNoTracking().Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, p => p.Id, ct);

        var reasons = new string?[items.Count];
        var targets = new (Guid StoreId, Guid ProductId)?[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var code = item.StoreCode?.Trim().ToUpperInvariant();
            var sku = item.Sku?.Trim().ToUpperInvariant();
            reasons[i] =
                code is null || !stores.ContainsKey(code) ? "unknown_store" :
                sku is null || !products.ContainsKey(sku) ? "unknown_sku" :
                item.OnHand is null ? "missing_on_hand" :
                item.OnHand < 0 ? "negative_on_hand" : null;
            if (reasons[i] is null) targets[i] = (stores[code!], products[sku!]);
        }
        await ApplyAsync(items, targets, reasons, ct);

        var results = items.Select((item, i) =>
            new StockSyncItemResult(i, item.StoreCode, item.Sku, item.OnHand, reasons[i] is null ? "applied" : "rejected", reasons[i])).ToList();
        var result = new StockSyncResult(command.BatchId!, false, results.Count(r => r.Status == "applied"), results.Count(r => r.Status == "rejected"), results);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE stock_sync_batches SET result_json = {JsonSerializer.Serialize(result, Json)}::jsonb WHERE batch_id = {command.BatchId}
            """, ct);
        db.AuditEntries.Add(new AuditEntry(now, command.Actor.Name, "stock.sync", "StockSyncBatch", command.BatchId!, null,
            new { result.Applied, result.Rejected }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// Sets the counts of the valid items in two statements rather than one per item (ADR "Stock sync: set-based"). Items
    /// are decided in input order, as if applied one by one: each is applied when it is not below what live orders
    /// hold, and the last applied count of a (store, product) pair is the one written. The rows stay locked from
    /// the read of reserved to the write, and the write keeps its own guard: a pair it refuses (a row another
    /// sync created meanwhile and a checkout held) rejects that pair's items.
    /// </summary>
    private async Task ApplyAsync(IReadOnlyList<StockSyncItem> items, (Guid StoreId, Guid ProductId)?[] targets, string?[] reasons, CancellationToken ct)
    {
        var pairs = targets.OfType<(Guid StoreId, Guid ProductId)>().Distinct().ToArray();
        if (pairs.Length == 0) return;
        var locked = await StockSyncSql.LockAsync(db, [.. pairs.Select(p => p.StoreId)], [.. pairs.Select(p => p.ProductId)], ct);
        var reserved = locked.ToDictionary(r => (r.StoreId, r.ProductId), r => r.Reserved);

        var written = new Dictionary<(Guid StoreId, Guid ProductId), int>();
        for (var i = 0; i < items.Count; i++)
        {
            if (targets[i] is not { } pair) continue;
            var onHand = items[i].OnHand!.Value;
            if (onHand < reserved.GetValueOrDefault(pair)) reasons[i] = "below_reserved";
            else written[pair] = onHand;
        }
        if (written.Count == 0) return;

        var applied = (await StockSyncSql.SetOnHandAsync(db, [.. written.Keys.Select(p => p.StoreId)], [.. written.Keys.Select(p => p.ProductId)],
            [.. written.Values], ct)).Select(r => (r.StoreId, r.ProductId)).ToHashSet();
        for (var i = 0; i < items.Count; i++)
            if (reasons[i] is null && targets[i] is { } pair && !applied.Contains(pair)) reasons[i] = "below_reserved";
    }
}

public static class StockLevels
{
    /// <summary>
    /// Sets on hand for one (store, product), creating the row if needed. Never touches reserved, and refuses
    /// (returns false) when the new count is below what live orders hold: the guard is in the statement.
    /// </summary>
    public static async Task<bool> SetOnHandAsync(IAppDbContext db, Guid storeId, Guid productId, int onHand, CancellationToken ct) =>
        (await StockSyncSql.SetOnHandAsync(db, [storeId], [productId], [onHand], ct)).Count == 1;

    public static Task<StoreStock?> GetAsync(IAppDbContext db, Guid storeId, Guid productId, CancellationToken ct) =>
        db.Stock.AsNoTracking().FirstOrDefaultAsync(s => s.StoreId == storeId && s.ProductId == productId, ct);
}
