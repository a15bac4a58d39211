using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using O2O.Domain.Carts;
using O2O.Domain.Catalog;
using O2O.Domain.Orders;
using O2O.Domain.Stock;
using O2O.Domain.Stores;

namespace O2O.Application.Abstractions;

/// <summary>
/// The face of the database the use cases see. Handlers use it directly: no repository or unit-of-work
/// wrapper (docs/decisions/0003-handlers-use-dbcontext.md).
/// </summary>
public interface IAppDbContext
{
    DbSet<Product> Products { get; }
    DbSet<ProductTranslation> ProductTranslations { get; }
    DbSet<CategoryTranslation> CategoryTranslations { get; }
    DbSet<Store> Stores { get; }
    DbSet<StoreStock> Stock { get; }
    DbSet<Order> Orders { get; }
    DbSet<StaffAssignment> StaffAssignments { get; }
    DbSet<Cart> Carts { get; }
    DbSet<Notifications.OutboxEmail> Emails { get; }
    DbSet<Admin.AuditEntry> AuditEntries { get; }
    DbSet<Admin.StockSyncBatch> StockSyncBatches { get; }
    DbSet<Admin.ProductImage> ProductImages { get; }
    DbSet<Domain.Payments.PaymentCommand> PaymentCommands { get; }
    DbSet<Domain.Promotions.Promotion> Promotions { get; }
    DbSet<Domain.Promotions.PromoCode> PromoCodes { get; }
    DbSet<Domain.Promotions.PromoRedemption> PromoRedemptions { get; }
    DbSet<Domain.Promotions.Campaign> Campaigns { get; }
    DbSet<Domain.Promotions.CampaignRecipient> CampaignRecipients { get; }
    DatabaseFacade Database { get; }
    Microsoft.EntityFrameworkCore.ChangeTracking.ChangeTracker ChangeTracker { get; }
    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}
