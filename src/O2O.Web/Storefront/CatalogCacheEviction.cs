using Mediator;
using Microsoft.AspNetCore.OutputCaching;
using O2O.Application.Admin;

namespace O2O.Web.Storefront;

/// <summary>
/// After a back-office change to what the catalog pages show, drops this instance's cached catalog pages, whether the
/// change came from an admin page or the API. Other instances, and stock moved by orders and jobs, wait out the TTL.
/// </summary>
public sealed class CatalogCacheEviction<TMessage, TResponse>(IOutputCacheStore cache, O2O.Application.Catalog.PopularProducts popular)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly bool ChangesCatalog = CatalogChanges.Contains(typeof(TMessage));

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        var response = await next(message, cancellationToken);
        // Also after a refused change (a cheap miss), and even if the caller has gone: the change may be committed.
        if (!ChangesCatalog) return response;
        await cache.EvictByTagAsync(CatalogCachePolicy.Tag, CancellationToken.None);
        popular.Invalidate(); // names, prices and archived products show on the home page too
        return response;
    }
}

public static class CatalogChanges
{
    private static readonly HashSet<Type> Commands =
    [
        typeof(CreateProduct), typeof(UpdateProduct), typeof(SetProductArchived), typeof(RenameCategory), typeof(UploadProductImage),
        typeof(TranslateProduct), typeof(RemoveProductTranslation), typeof(TranslateCategory), typeof(RemoveCategoryTranslation),
        typeof(SetStock), typeof(ImportStockCsv), typeof(StockSync),
        typeof(CreateStore), typeof(UpdateStore),
    ];

    public static bool Contains(Type command) => Commands.Contains(command);
}
