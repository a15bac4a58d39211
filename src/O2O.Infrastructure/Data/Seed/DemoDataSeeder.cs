using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using O2O.Domain.Catalog;
using O2O.Domain.Common;
using O2O.Domain.Promotions;
using O2O.Domain.Stock;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;

namespace O2O.Infrastructure.Data.Seed;

/// <summary>Loads the demo data. Safe to run on every start: it only adds what is missing.</summary>
public sealed class DemoDataSeeder(AppDbContext db, UserManager<AppUser> users, RoleManager<IdentityRole> roles,
    TimeProvider clock, ILogger<DemoDataSeeder> logger)
{
    public const string DemoPassword = "Demo-pass-1";

    public async Task SeedAsync(CancellationToken ct = default)
    {
        await SeedCatalogAsync(ct);
        await SeedAccountsAsync();
        await SeedOrderHistoryAsync(ct);
    }

    /// <summary>
    /// A few weeks of orders per store in every state (<see cref="DemoOrderHistory"/>), once: a database that already has
    /// orders, demo or real, gets none.
    /// </summary>
    public async Task SeedOrderHistoryAsync(CancellationToken ct = default)
    {
        if (await db.Orders.AnyAsync(ct)) return;
        var shopper = await db.Users.AsNoTracking().Where(u => u.Email == "shopper@o2o.test")
            .Select(u => new { u.Id, u.Email, u.DisplayName }).FirstOrDefaultAsync(ct);
        var count = await new DemoOrderHistory(db, clock).SeedAsync(shopper is null ? null : (shopper.Id, shopper.Email!, shopper.DisplayName), ct);
        logger.LogInformation("Seeded {OrderCount} demo orders over the last {Days} days", count, DemoOrderHistory.HistoryDays);
    }

    public async Task SeedRolesAsync()
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
    }

    public async Task SeedCatalogAsync(CancellationToken ct = default)
    {
        if (!await db.Stores.AnyAsync(ct)) await SeedStoresAndProductsAsync(ct);
        await SeedPromotionsAsync(ct);
    }

    /// <summary>A shared code a newcomer can type at checkout or at a till: WELCOME10, 10 % off, 1,000 uses, one per customer.</summary>
    public async Task SeedPromotionsAsync(CancellationToken ct = default)
    {
        if (await db.Promotions.AnyAsync(ct)) return;
        var promotion = new Promotion(Guid.CreateVersion7(), "Welcome: 10 % off", PromotionKind.PercentOff, 1_000, null, null,
            PromoCodeMode.Shared, clock.GetUtcNow());
        promotion.ChangeLimits(1_000, 1);
        db.Promotions.Add(promotion);
        db.PromoCodes.Add(new PromoCode(Guid.CreateVersion7(), promotion.Id, DemoPromoCode, singleUse: false, campaignId: null, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
    }

    public const string DemoPromoCode = "WELCOME10";

    private async Task SeedStoresAndProductsAsync(CancellationToken ct)
    {

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var stores = DemoCatalog.Stores.Select(s =>
        {
            var store = new Store(Guid.CreateVersion7(), s.Code, s.Name, new StoreAddress(s.Street, s.PostalCode, s.City, s.Country),
                new GeoPoint(s.Lat, s.Lon), s.TimeZone, new PickupSettings(30, 6, 60, 7, 3, s.Capture));
            store.SetOpeningHours(DemoCatalog.HoursFor(s));
            // Made-up companies and numbers (the receipt names them); a real shop enters its own.
            store.SetTaxIdentity($"O2O Demo {s.Country}", $"{s.Country}00{s.Code[^2..]}0000000");
            return store;
        }).ToList();
        // One store is closed for a day this week, so the closure shows up in slots and on the store page.
        stores[1].CloseOn(today.AddDays(2), "Inventory day");

        var products = DemoCatalog.Products()
            .Select(p => new Product(Guid.CreateVersion7(), p.Sku, p.Name, p.Description, p.Category, new Money(p.PriceCents, "EUR"), p.ImageUrl))
            .ToList();
        foreach (var product in products.Where(p => DemoCatalog.AgeRestricted.Contains(p.Sku))) product.RestrictByAge(true);

        var translations = DemoCatalog.Translations();
        foreach (var product in products)
            if (translations.Products.TryGetValue(product.Sku, out var texts))
                foreach (var (culture, text) in texts) product.Translate(culture, text[0], text[1]);
        foreach (var (category, names) in translations.Categories)
            foreach (var (culture, name) in names) db.CategoryTranslations.Add(new CategoryTranslation(category, culture, name));

        db.Stores.AddRange(stores);
        db.Products.AddRange(products);
        for (var si = 0; si < stores.Count; si++)
            for (var pi = 0; pi < products.Count; pi++)
                db.Stock.Add(new StoreStock(stores[si].Id, products[pi].Id, DemoCatalog.OnHandFor(si, pi)));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Seeded {StoreCount} demo stores and {ProductCount} products", stores.Count, products.Count);
    }

    public async Task SeedAccountsAsync()
    {
        await SeedRolesAsync();
        await EnsureUserAsync("admin@o2o.test", "Ada Admin", Roles.Admin);
        await EnsureUserAsync("shopper@o2o.test", "Sam Shopper", Roles.Shopper);
        foreach (var store in await db.Stores.AsNoTracking().OrderBy(s => s.Code).ToListAsync())
        {
            var staff = await EnsureUserAsync($"staff.{store.Code.ToLowerInvariant()}@o2o.test", $"{store.Name} staff", Roles.Staff);
            if (!await db.StaffAssignments.AnyAsync(a => a.UserId == staff.Id && a.StoreId == store.Id))
            {
                db.StaffAssignments.Add(new StaffAssignment(staff.Id, store.Id));
                await db.SaveChangesAsync();
            }
        }
    }

    private async Task<AppUser> EnsureUserAsync(string email, string name, string role)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
            var created = await users.CreateAsync(user, DemoPassword);
            if (!created.Succeeded)
                throw new InvalidOperationException($"Could not create {email}: {string.Join("; ", created.Errors.Select(e => e.Description))}");
        }
        if (!await users.IsInRoleAsync(user, role)) await users.AddToRoleAsync(user, role);
        return user;
    }
}
