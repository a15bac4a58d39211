using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Localization;

namespace O2O.Application.Admin;

/// <summary>
/// Uploads a product image. Only PNG, JPEG, GIF and WebP are accepted, recognised by their first bytes
/// (not by the file name or the declared type), up to <see cref="MaxBytes"/>.
/// </summary>
public sealed record UploadProductImage(Guid ProductId, byte[] Content, Actor Actor) : ICommand<Result<AdminProduct>>;

public sealed record GetProductImage(Guid ImageId) : IQuery<ProductImageFile?>;

public sealed record ProductImageFile(string ContentType, byte[] Content, DateTimeOffset UploadedAt);

public sealed class ProductImagesHandler(IAppDbContext db, TimeProvider clock) :
    ICommandHandler<UploadProductImage, Result<AdminProduct>>, IQueryHandler<GetProductImage, ProductImageFile?>
{
    public const int MaxBytes = 2 * 1024 * 1024;

    public async ValueTask<Result<AdminProduct>> Handle(UploadProductImage command, CancellationToken ct)
    {
        if (command.Content.Length == 0) return Error.Invalid("image", Messages.Admin_ChooseImage);
        if (command.Content.Length > MaxBytes) return Error.Invalid("image", Texts.Format(Messages.Admin_ImageTooBig, MaxBytes / 1024 / 1024));
        if (Sniff(command.Content) is not { } contentType) return Error.Invalid("image", Messages.Admin_ImageType);
        var product = await db.Products.FirstOrDefaultAsync(p => p.Id == command.ProductId, ct);
        if (product is null) return Error.NotFound(Messages.NotFound_Product);

        var image = new ProductImage(Guid.CreateVersion7(), product.Id, contentType, command.Content, clock.GetUtcNow());
        db.ProductImages.Add(image);
        var before = product.ImageUrl;
        product.ChangeImage($"/images/products/{image.Id}");
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), command.Actor.Name, "product.image", "Product", product.Id.ToString(),
            new { imageUrl = before }, new { imageUrl = product.ImageUrl, bytes = command.Content.Length, contentType }));
        await db.SaveChangesAsync(ct);
        return AdminProduct.From(product);
    }

    public async ValueTask<ProductImageFile?> Handle(GetProductImage query, CancellationToken ct) =>
        await db.ProductImages.AsNoTracking().Where(i => i.Id == query.ImageId)
            .Select(i => new ProductImageFile(i.ContentType, i.Content, i.UploadedAt)).FirstOrDefaultAsync(ct);

    private static string? Sniff(byte[] b) =>
        b is [0x89, 0x50, 0x4E, 0x47, ..] ? "image/png" :
        b is [0xFF, 0xD8, 0xFF, ..] ? "image/jpeg" :
        b is [0x47, 0x49, 0x46, 0x38, ..] ? "image/gif" :
        b.Length > 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P' ? "image/webp" :
        null;
}
