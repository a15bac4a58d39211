using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Admin;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Domain.Promotions;

namespace O2O.Application.Promotions;

/// <summary>What the admin's promotion commands share: the checks that need the database, applying the input, and the audit snapshot.</summary>
internal static class PromotionWrites
{
    /// <summary>Products, stores and categories named must exist: each unknown one is a field error, all at once.</summary>
    public static async Task<Error?> UnknownReferencesAsync(IAppDbContext db, PromotionInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var products = (input.ProductIds ?? []).Distinct().ToList();
        if (products.Count > 0)
        {
            var known = await db.Products.AsNoTracking().Where(p => products.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct);
            if (products.Except(known).ToList() is { Count: > 0 } unknown)
                errors["productIds"] = [Texts.Format(Messages.Promotions_UnknownProducts, string.Join(", ", unknown))];
        }
        var stores = (input.StoreIds ?? []).Distinct().ToList();
        if (stores.Count > 0)
        {
            var known = await db.Stores.AsNoTracking().Where(s => stores.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct);
            if (stores.Except(known).ToList() is { Count: > 0 } unknown)
                errors["storeIds"] = [Texts.Format(Messages.Promotions_UnknownStores, string.Join(", ", unknown))];
        }
        var categories = (input.Categories ?? []).Select(c => c.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (categories.Count > 0)
        {
            var known = await db.Products.AsNoTracking().Where(p => categories.Contains(p.Category)).Select(p => p.Category).Distinct().ToListAsync(ct);
            if (categories.Except(known, StringComparer.Ordinal).ToList() is { Count: > 0 } unknown)
                errors["categories"] = [Texts.Format(Messages.Promotions_UnknownCategories, string.Join(", ", unknown))];
        }
        return errors.Count == 0 ? null : Invalid(errors);
    }

    public static Error Invalid(Dictionary<string, string[]> errors) =>
        new(ErrorKind.Invalid, "invalid", errors.First().Value[0], new Dictionary<string, object?> { ["errors"] = errors });

    /// <summary>
    /// Discount, conditions, limits, in the order the domain's rules allow: a minimum needs the currency first, and a
    /// percentage without a currency needs the old minimum gone first.
    /// </summary>
    public static void Apply(Promotion promotion, PromotionInput i)
    {
        void Discount() => promotion.ChangeDiscount(i.Kind!.Value, i.PercentBasisPoints, i.AmountOff?.Amount, i.Currency);
        void Conditions() => promotion.ChangeConditions(i.MinimumSubtotal?.Amount, i.ProductIds ?? [], i.Categories ?? [], i.StoreIds ?? [],
            i.ValidFrom, i.ValidUntil, i.FirstOrderOnly);
        promotion.Rename(i.Name!);
        if (i.Currency is null)
        {
            Conditions();
            Discount();
        }
        else
        {
            Discount();
            Conditions();
        }
        promotion.ChangeLimits(i.MaxUses, i.MaxUsesPerCustomer);
    }

    public static Error LimitBelowUses(int uses)
    {
        var message = Texts.Format(Messages.Promotions_LimitBelowUses, uses);
        return new(ErrorKind.Conflict, "promotion_limit_below_uses", message, new Dictionary<string, object?>
        {
            ["uses"] = uses, ["errors"] = new Dictionary<string, string[]> { ["maxUses"] = [message] },
        });
    }

    public static Error NotFound() => Error.NotFound(Messages.NotFound_Promotion);

    /// <summary>
    /// Saves a change to a promotion whose <c>uses</c> the checkouts and tills may be raising at this moment: the row
    /// version (xmin) makes the save fail if any of them did, and the change is read and decided again on the new row,
    /// so a check such as "not below the uses made" is never decided on a stale count.
    /// </summary>
    public static async Task<Result<Promotion>> ChangeAsync(IAppDbContext db, Guid id, Func<Promotion, Error?> change, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var promotion = await db.Promotions.FirstOrDefaultAsync(p => p.Id == id, ct);
            if (promotion is null) return NotFound();
            if (change(promotion) is { } error)
            {
                db.ChangeTracker.Clear();
                return error;
            }
            try
            {
                await db.SaveChangesAsync(ct);
                return promotion;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 4)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    public static AuditEntry Audit(DateTimeOffset at, Actor actor, string action, Guid id, object? before, object? after) =>
        new(at, actor.Name, action, "Promotion", id.ToString(), before, after);

    public static object Snapshot(Promotion p) => new
    {
        p.Name, p.Kind, p.PercentBasisPoints, p.AmountOffMinor, p.Currency, p.MinimumSubtotalMinor, p.ProductIds, p.Categories, p.StoreIds,
        p.ValidFrom, p.ValidUntil, p.FirstOrderOnly, p.MaxUses, p.MaxUsesPerCustomer, p.CodeMode, p.Paused,
    };
}
