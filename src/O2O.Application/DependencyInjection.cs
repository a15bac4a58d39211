using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace O2O.Application;

public static class DependencyInjection
{
    /// <summary>Validators of the use cases. The mediator itself is generated and registered by the host.</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Checkout.StoreScheduleCache>();
        services.AddSingleton<Stores.StoreDirectory>();
        // Each part of the app that keeps a shopper's data: their download and their account deletion ask every one.
        services.AddScoped<Accounts.IPersonalDataHolder, Accounts.OrderPersonalData>();
        services.AddScoped<Accounts.IPersonalDataHolder, Marketing.MarketingPersonalData>();
        services.AddSingleton<Catalog.PopularProducts>();
        services.AddScoped<Admin.AuditReading>();
        services.AddSingleton<Staff.BoardFeed>();
        // The business figures (ADR 57); the refusals are counted around PlaceOrder, by the code each one returns.
        services.AddSingleton<Diagnostics.O2OMetrics>().AddSingleton<Diagnostics.BacklogGauges>();
        services.AddScoped<Mediator.IPipelineBehavior<Checkout.PlaceOrder, Common.Result<Checkout.PlacedOrder>>, Diagnostics.CheckoutOutcomes>();
        return services;
    }
}
