using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Domain.Carts;
using O2O.Application.Localization;

namespace O2O.Application.Carts;

/// <summary>Adds units of a product to the cart (creating the cart on first use).</summary>
public sealed record AddToCart(Guid CartId, Guid ProductId, int Quantity) : ICommand<Result<int>>;

/// <summary>Sets a line's quantity; zero removes the line.</summary>
public sealed record SetCartQuantity(Guid CartId, Guid ProductId, int Quantity) : ICommand<Result<int>>;

/// <summary>Makes a store "my store": the cart is checked against it and the checkout books there.</summary>
public sealed record ChooseStore(Guid CartId, Guid StoreId) : ICommand<Result<int>>;

/// <summary>Empties the cart once its order is placed.</summary>
public sealed record ClearCart(Guid CartId) : ICommand<Result<int>>;

public sealed class AddToCartValidator : AbstractValidator<AddToCart>
{
    public AddToCartValidator() =>
        RuleFor(x => x.Quantity).InclusiveBetween(1, Cart.MaxQuantity).OverridePropertyName("quantity").WithName(_ => Messages.Field_CartQuantity);
}

public sealed class SetCartQuantityValidator : AbstractValidator<SetCartQuantity>
{
    public SetCartQuantityValidator() =>
        RuleFor(x => x.Quantity).InclusiveBetween(0, Cart.MaxQuantity).OverridePropertyName("quantity").WithName(_ => Messages.Field_CartQuantity);
}

public sealed class CartCommandsHandler(IAppDbContext db, TimeProvider clock) :
    ICommandHandler<AddToCart, Result<int>>, ICommandHandler<SetCartQuantity, Result<int>>, ICommandHandler<ChooseStore, Result<int>>,
    ICommandHandler<ClearCart, Result<int>>
{
    public async ValueTask<Result<int>> Handle(AddToCart command, CancellationToken ct)
    {
        if (!await db.Products.AnyAsync(p => p.Id == command.ProductId && p.IsActive, ct)) return Error.NotFound(Messages.NotFound_Product);
        var cart = await LoadOrCreateAsync(command.CartId, ct);
        cart.Add(command.ProductId, command.Quantity, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return cart.Lines.Sum(l => l.Quantity);
    }

    public async ValueTask<Result<int>> Handle(SetCartQuantity command, CancellationToken ct)
    {
        var cart = await LoadOrCreateAsync(command.CartId, ct);
        cart.SetQuantity(command.ProductId, command.Quantity, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return cart.Lines.Sum(l => l.Quantity);
    }

    public async ValueTask<Result<int>> Handle(ChooseStore command, CancellationToken ct)
    {
        if (!await db.Stores.AnyAsync(s => s.Id == command.StoreId, ct)) return Error.NotFound(Messages.NotFound_Store);
        var cart = await LoadOrCreateAsync(command.CartId, ct);
        cart.ChooseStore(command.StoreId, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return cart.Lines.Sum(l => l.Quantity);
    }

    public async ValueTask<Result<int>> Handle(ClearCart command, CancellationToken ct)
    {
        var cart = await db.Carts.Include(c => c.Lines).FirstOrDefaultAsync(c => c.Id == command.CartId, ct);
        cart?.Clear(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return 0;
    }

    private async Task<Cart> LoadOrCreateAsync(Guid id, CancellationToken ct)
    {
        var cart = await db.Carts.Include(c => c.Lines).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (cart is not null) return cart;
        cart = new Cart(id, clock.GetUtcNow());
        db.Carts.Add(cart);
        return cart;
    }
}
