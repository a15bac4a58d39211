using Microsoft.EntityFrameworkCore;
using Npgsql;
using O2O.Domain.Catalog;
using O2O.Domain.Common;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Schema;

/// <summary>The invariants the database itself holds, whatever the application code does.</summary>
public sealed class SchemaConstraintTests(O2OApp app) : IntegrationTest(app)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await App.SeedDemoDataAsync();
    }

    [Fact]
    public async Task Migrations_HaveBeenAppliedAndNoneArePending()
    {
        var pending = await App.WithDbAsync(db => db.Database.GetPendingMigrationsAsync());
        var applied = await App.WithDbAsync(db => db.Database.GetAppliedMigrationsAsync());

        pending.ShouldBeEmpty();
        applied.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Stock_ReservedCannotExceedOnHand()
    {
        var ex = await Should.ThrowAsync<PostgresException>(() => App.WithDbAsync(db =>
            db.Database.ExecuteSqlRawAsync("UPDATE store_stock SET reserved = on_hand + 1 WHERE on_hand > 0")));

        ex.SqlState.ShouldBe(PostgresErrorCodes.CheckViolation);
        ex.ConstraintName.ShouldBe("ck_store_stock_reserved_within_on_hand");
    }

    [Fact]
    public async Task Stock_ReservedCannotBeNegative()
    {
        var ex = await Should.ThrowAsync<PostgresException>(() => App.WithDbAsync(db =>
            db.Database.ExecuteSqlRawAsync("UPDATE store_stock SET reserved = -1")));

        ex.ConstraintName.ShouldBe("ck_store_stock_reserved_non_negative");
    }

    [Fact]
    public async Task Stock_OnHandCannotDropBelowReserved()
    {
        await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE store_stock SET reserved = on_hand WHERE on_hand > 2"));

        var ex = await Should.ThrowAsync<PostgresException>(() => App.WithDbAsync(db =>
            db.Database.ExecuteSqlRawAsync("UPDATE store_stock SET on_hand = on_hand - 1 WHERE on_hand > 2")));

        ex.ConstraintName.ShouldBe("ck_store_stock_reserved_within_on_hand");
    }

    [Fact]
    public async Task Products_SkuIsUnique()
    {
        var ex = await Should.ThrowAsync<DbUpdateException>(() => App.WithDbAsync(async db =>
        {
            db.Products.Add(new Product(Guid.NewGuid(), "kit-001", "Copy", "", "Kitchen", new Money(100, "EUR"), null));
            await db.SaveChangesAsync();
        }));

        var pg = ex.InnerException.ShouldBeOfType<PostgresException>();
        pg.SqlState.ShouldBe(PostgresErrorCodes.UniqueViolation);
        pg.ConstraintName.ShouldBe("ix_products_sku");
    }

    [Fact]
    public async Task PickupSlots_BookedCannotExceedCapacity()
    {
        var ex = await Should.ThrowAsync<PostgresException>(() => App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "INSERT INTO pickup_slot_bookings (store_id, slot_start, capacity, booked) SELECT id, now(), 2, 3 FROM stores LIMIT 1")));

        ex.ConstraintName.ShouldBe("ck_pickup_slot_bookings_within_capacity");
    }
}
