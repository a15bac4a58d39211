using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Admin;
using O2O.Application.Notifications;
using O2O.Domain.Carts;
using O2O.Domain.Catalog;
using O2O.Domain.Orders;
using O2O.Domain.Stock;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;

namespace O2O.Infrastructure.Data;

public sealed class AppDbContext : IdentityDbContext<AppUser>, IAppDbContext, IReadDbContext, IDataProtectionKeyContext
{
    public AppDbContext(DbContextOptions<AppDbContext> options) : base(options)
    {
        // Our transactions are explicit and short; EF's automatic savepoint before each SaveChanges is a
        // round trip on the checkout's hot path that buys nothing here.
        Database.AutoSavepointsEnabled = false;
    }

    public const string OrderNumberSequence = "order_number_seq";

    public DbSet<Product> Products => Set<Product>();
    public DbSet<ProductTranslation> ProductTranslations => Set<ProductTranslation>();
    public DbSet<CategoryTranslation> CategoryTranslations => Set<CategoryTranslation>();
    public DbSet<Store> Stores => Set<Store>();
    public DbSet<StoreStock> Stock => Set<StoreStock>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<StaffAssignment> StaffAssignments => Set<StaffAssignment>();
    public DbSet<Cart> Carts => Set<Cart>();
    public DbSet<OutboxEmail> Emails => Set<OutboxEmail>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<StockSyncBatch> StockSyncBatches => Set<StockSyncBatch>();
    public DbSet<ProductImage> ProductImages => Set<ProductImage>();
    public DbSet<O2O.Domain.Payments.PaymentCommand> PaymentCommands => Set<O2O.Domain.Payments.PaymentCommand>();
    public DbSet<O2O.Domain.Promotions.Promotion> Promotions => Set<O2O.Domain.Promotions.Promotion>();
    public DbSet<O2O.Domain.Promotions.PromoCode> PromoCodes => Set<O2O.Domain.Promotions.PromoCode>();
    public DbSet<O2O.Domain.Promotions.PromoRedemption> PromoRedemptions => Set<O2O.Domain.Promotions.PromoRedemption>();
    public DbSet<O2O.Domain.Promotions.Campaign> Campaigns => Set<O2O.Domain.Promotions.Campaign>();
    public DbSet<O2O.Domain.Promotions.CampaignRecipient> CampaignRecipients => Set<O2O.Domain.Promotions.CampaignRecipient>();

    /// <summary>The key ring that protects cookies, antiforgery and bearer tokens, shared by every app instance.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasSequence<long>(OrderNumberSequence).StartsAt(100001);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }
}
