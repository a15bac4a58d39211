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
        services.AddSingleton<Catalog.PopularProducts>();
        services.AddScoped<Admin.AuditReading>();
        return services;
    }
}
