using System.Globalization;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Checkout;
using O2O.Domain.Common;
using O2O.Domain.Orders;
using O2O.Domain.Pickup;
using O2O.Domain.Stores;
using O2O.Domain.Tax;

namespace O2O.Infrastructure.Data.Seed;

/// <summary>
/// Three weeks of orders per demo store, in every state, so the pickup board, the overdue list, the no-shows and the
/// dashboard have something to show on first run. Each order moves through the <see cref="Order"/> methods, and the
/// orders that hold something take their stock and slot places with the checkout's own guarded statements
/// (<see cref="HoldSql"/>), so the invariant check finds nothing to report. Times are relative to the clock's today.
/// </summary>
internal sealed class DemoOrderHistory(AppDbContext db, TimeProvider clock)
{
    public const int HistoryDays = 21;
    private const string Provider = "simulated";

    private static readonly string[] Customers =
    [
        "Camille Martin", "Lucas Bernard", "Inès Dubois", "João Silva", "Beatriz Santos", "Miguel Ferreira",
        "Aino Virtanen", "Eero Korhonen", "Sofia Nieminen", "Hugo Laurent", "Marta Costa", "Léa Moreau",
    ];

    private sealed record Shelf(Guid ProductId, string Sku, string Name, Money Price, int OnHand);

    /// <param name="shopper">The demo shopper's account, given some of the orders so their history has something in it.</param>
    public async Task<int> SeedAsync((string UserId, string Email, string Name)? shopper, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var stores = await db.Stores.AsNoTracking().OrderBy(s => s.Code).ToListAsync(ct);
        var shelves = (await (from s in db.Stock.AsNoTracking()
                              join p in db.Products.AsNoTracking() on s.ProductId equals p.Id
                              where p.IsActive && s.OnHand >= 6
                              orderby p.Sku
                              select new { s.StoreId, Shelf = new Shelf(p.Id, p.Sku, p.Name, new Money(p.PriceAmount, p.PriceCurrency), s.OnHand) })
                .ToListAsync(ct))
            .GroupBy(x => x.StoreId).ToDictionary(g => g.Key, g => g.Select(x => x.Shelf).ToList());

        var drafts = new List<Draft>();
        for (var si = 0; si < stores.Count; si++)
            if (shelves.TryGetValue(stores[si].Id, out var storeShelves))
                drafts.AddRange(new StorePlan(stores[si], storeShelves, new Random(si + 1), now, shopper).Orders());
        if (drafts.Count == 0) return 0;

        // Numbers from the checkout's sequence, in the order the orders were placed.
        var numbers = await db.Database.SqlQuery<long>(
            $"SELECT nextval('order_number_seq') AS \"Value\" FROM generate_series(1, {drafts.Count})").ToListAsync(ct);
        var orders = drafts.OrderBy(d => d.CreatedAt).Zip(numbers.Order(), (d, n) => d.Build(n.ToString(CultureInfo.InvariantCulture))).ToList();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var order in orders) await HoldAsync(order, ct);
        db.Orders.AddRange(orders);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return orders.Count;
    }

    /// <summary>An order as planned: when it was placed, and how to make it once its number is known.</summary>
    private sealed record Draft(DateTimeOffset CreatedAt, Func<string, Order> Build)
    {
        public Draft Then(Action<Order> step) => this with
        {
            Build = number =>
            {
                var order = Build(number);
                step(order);
                return order;
            },
        };
    }

    /// <summary>What checkout would still hold for this order now: units while it is live, a slot place while live or collected.</summary>
    private async Task HoldAsync(Order order, CancellationToken ct)
    {
        if (order.Status.IsLive())
        {
            var (ids, quantities) = HoldSql.Lines(order);
            await HoldSql.LockStockAsync(db, order.StoreId, ids, ct);
            if (await HoldSql.HoldStockAsync(db, order.StoreId, ids, quantities, ct) != ids.Length)
                throw new InvalidOperationException($"Demo order {order.Number} asks for more than the shelf holds.");
        }
        if ((order.Status.IsLive() || order.Status == OrderStatus.Collected) &&
            !await HoldSql.TakeSlotPlaceAsync(db, order.StoreId, order.SlotStart, ct))
            throw new InvalidOperationException($"Demo order {order.Number} does not fit in its slot.");
    }

    /// <summary>One store's orders: a deterministic mix (the same every run for the same today).</summary>
    private sealed class StorePlan(Store store, List<Shelf> shelves, Random rng, DateTimeOffset now, (string UserId, string Email, string Name)? shopper)
    {
        private readonly Dictionary<Guid, int> _reserved = [];
        private int _count;

        public IEnumerable<Draft> Orders()
        {
            var today = store.LocalToday(now);
            for (var daysAgo = HistoryDays; daysAgo >= 1; daysAgo--)
            {
                var date = today.AddDays(-daysAgo);
                if (!store.IsOpenOn(date)) continue;
                var perDay = 1 + rng.Next(3);
                for (var k = 0; k < perDay; k++)
                {
                    var slot = SlotOn(date, k * 2);
                    // Within the hold days, the day's first order was never collected: overdue, not yet a no-show.
                    yield return daysAgo < store.Pickup.HoldDays && k == 0
                        ? Overdue(slot, ready: daysAgo % 2 == 1)
                        : Past(slot, beyondHold: daysAgo > store.Pickup.HoldDays);
                }
            }
            // Today's work: two to prepare and two ready, in the next bookable slots (tomorrow's when today's are over).
            var upcoming = PickupSchedule.SlotsFor(store, today, 2, now).Take(4).ToList();
            for (var i = 0; i < upcoming.Count; i++) yield return Upcoming(upcoming[i], ready: i % 2 == 1);
        }

        private string Staff => $"{store.Code.ToLowerInvariant()} staff";

        private PickupSlot SlotOn(DateOnly date, int index)
        {
            // From 10:00 local, within every demo store's hours, Sunday's (10:00 to 13:00) too.
            var local = date.ToDateTime(new TimeOnly(10, 0)).AddMinutes(Math.Min(index, 5) * store.Pickup.SlotLengthMinutes);
            var start = new DateTimeOffset(local, store.TimeZone.GetUtcOffset(TimeZoneInfo.ConvertTimeToUtc(local, store.TimeZone)));
            return new PickupSlot(start, start.AddMinutes(store.Pickup.SlotLengthMinutes));
        }

        private Draft Past(PickupSlot slot, bool beyondHold)
        {
            var roll = rng.Next(100);
            var start = slot.Start.ToUniversalTime();
            var end = slot.End.ToUniversalTime();
            if (roll < 8)
                return New(slot, live: false, start).Then(o => o.Expire(o.HoldExpiresAt));
            var paid = Paid(slot, live: false, start);
            if (roll < 20)
                return paid.Then(o =>
                {
                    o.Cancel(o.CreatedAt.AddHours(2), "shopper", "Changed my mind.");
                    o.ReturnMoney(MoneyBackReason.Cancelled, o.CreatedAt.AddHours(2), "shopper");
                    Settle(o, o.CreatedAt.AddHours(2).AddSeconds(5));
                });
            var ready = paid.Then(o => o.MarkReady(start.AddMinutes(-45), Staff));
            if (roll < 30 && beyondHold)
            {
                var released = end.AddDays(store.Pickup.HoldDays);
                return ready.Then(o =>
                {
                    o.MarkNoShow(released);
                    o.ReturnMoney(MoneyBackReason.NotCollected, released, "system");
                    Settle(o, released.AddSeconds(5));
                });
            }
            // About one in five comes after the slot has ended, so the dashboard's punctuality is not a flat 100 %.
            var collectedAt = roll < 45 ? end.AddMinutes(20 + rng.Next(600)) : start.AddMinutes(rng.Next(store.Pickup.SlotLengthMinutes));
            if (collectedAt > now) collectedAt = now;
            return ready.Then(o =>
            {
                o.TryCollect(o.PickupCode!, collectedAt, Staff);
                Settle(o, collectedAt.AddSeconds(5));
            });
        }

        /// <summary>The simulated provider did at once what the order's payment commands asked (refunds, captures).</summary>
        private static void Settle(Order order, DateTimeOffset at)
        {
            foreach (var command in order.PaymentCommands.Where(c => c.IsOutstanding).ToList()) order.CompletePaymentCommand(command.Id, at);
        }

        private Draft Overdue(PickupSlot slot, bool ready)
        {
            var paid = Paid(slot, live: true, slot.Start.ToUniversalTime());
            return ready ? paid.Then(o => o.MarkReady(slot.Start.ToUniversalTime().AddMinutes(-45), Staff)) : paid;
        }

        private Draft Upcoming(PickupSlot slot, bool ready)
        {
            var paid = Paid(slot, live: true, now);
            return ready ? paid.Then(o => o.MarkReady(now.AddMinutes(-5), Staff)) : paid;
        }

        private Draft Paid(PickupSlot slot, bool live, DateTimeOffset placedBefore) =>
            New(slot, live, placedBefore).Then(o => o.MarkPaid(OrderTokens.NewPickupCode(), o.CreatedAt.AddMinutes(2), Provider));

        private Draft New(PickupSlot slot, bool live, DateTimeOffset placedBefore)
        {
            // Placed between an hour and a half and a day and a half before it was needed.
            var createdAt = placedBefore.AddMinutes(-(90 + rng.Next(60 * 24)));
            var n = _count++;
            var (userId, customer) = shopper is { } s && n % 7 == 3 ? (s.UserId, new Customer(s.Email, s.Name, null)) : ((string?)null, CustomerAt(n));
            var lines = Lines(live);
            return new Draft(createdAt, number =>
            {
                var order = new Order(Guid.CreateVersion7(), number, store.Id, customer, userId, slot, lines, store.Pickup.CaptureMode,
                    OrderTokens.Hash(OrderTokens.NewAccessToken()), createdAt, createdAt.AddMinutes(15));
                // The demo catalog is all standard-rated goods, at the rate the store's country charged that day.
                var vat = VatRates.For(store.Address.CountryCode, TaxCategory.Standard, store.LocalToday(createdAt))!.Value;
                order.ChargeVat(_ => (TaxCategory.Standard, vat));
                order.UsePaymentProvider(Provider);
                order.RecordPaymentReference(Provider, $"sim_{order.Id:N}");
                return order;
            });
        }

        private Customer CustomerAt(int n)
        {
            var name = Customers[(n + store.Code.Length) % Customers.Length];
            var plain = new string(name.ToLowerInvariant().Replace(' ', '.').Normalize(System.Text.NormalizationForm.FormD)
                .Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray());
            return new Customer($"{plain}@example.test", name, null);
        }

        /// <summary>One to three products, the first of the catalog bought more often, so "popular" means something.</summary>
        private List<(Guid, string, string, Money, int)> Lines(bool live)
        {
            var lines = new List<(Guid, string, string, Money, int)>();
            var wanted = 1 + rng.Next(3);
            for (var tries = 0; lines.Count < wanted && tries < 20; tries++)
            {
                var shelf = shelves[rng.Next(shelves.Count) * rng.Next(shelves.Count) / shelves.Count];
                var quantity = 1 + rng.Next(2);
                if (lines.Any(l => l.Item1 == shelf.ProductId)) continue;
                if (live)
                {
                    var reserved = _reserved.GetValueOrDefault(shelf.ProductId);
                    if (shelf.OnHand - reserved < quantity) continue;
                    _reserved[shelf.ProductId] = reserved + quantity;
                }
                lines.Add((shelf.ProductId, shelf.Sku, shelf.Name, shelf.Price, quantity));
            }
            if (lines.Count == 0) throw new InvalidOperationException($"No shelf at {store.Code} has stock for a demo order.");
            return lines;
        }
    }
}
