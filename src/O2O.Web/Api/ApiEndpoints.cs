namespace O2O.Web.Api;

public static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/api/v1");
        v1.MapCatalogEndpoints();
        v1.MapStoreEndpoints();
        v1.MapAuthEndpoints();
        v1.MapAccountEndpoints();
        v1.MapLoyaltyEndpoints();
        v1.MapMarketingEndpoints();
        v1.MapOrderEndpoints();
        v1.MapPaymentEndpoints();
        v1.MapStaffEndpoints();
        v1.MapReturnEndpoints();
        v1.MapRedemptionEndpoints();
        v1.MapAdminEndpoints();
        v1.MapPromotionEndpoints();
        v1.MapCatalogTranslationEndpoints();
        return app;
    }
}
