using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Localization;

namespace O2O.Application.Admin;

/// <summary>An admin sets the units on hand of one product at one store.</summary>
public sealed record SetStock(Guid StoreId, Guid ProductId, int OnHand, Actor Actor) : ICommand<Result<StockLevel>>;

public sealed record StockLevel(Guid StoreId, Guid ProductId, int OnHand, int Reserved, int Available);

public sealed class SetStockValidator : AbstractValidator<SetStock>
{
    public SetStockValidator() =>
        RuleFor(x => x.OnHand).InclusiveBetween(0, 1_000_000).OverridePropertyName("onHand").WithName(_ => Messages.Field_OnHand);
}

public sealed class SetStockHandler(IAppDbContext db, TimeProvider clock) : ICommandHandler<SetStock, Result<StockLevel>>
{
    public async ValueTask<Result<StockLevel>> Handle(SetStock command, CancellationToken ct)
    {
        if (!await db.Stores.AnyAsync(s => s.Id == command.StoreId, ct)) return Error.NotFound(Messages.NotFound_Store);
        if (!await db.Products.AnyAsync(p => p.Id == command.ProductId, ct)) return Error.NotFound(Messages.NotFound_Product);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var before = await StockLevels.GetAsync(db, command.StoreId, command.ProductId, ct);
        if (!await StockLevels.SetOnHandAsync(db, command.StoreId, command.ProductId, command.OnHand, ct))
            return Error.Invalid("onHand", Texts.Format(Messages.Admin_BelowReserved, before?.Reserved));
        var after = (await StockLevels.GetAsync(db, command.StoreId, command.ProductId, ct))!;
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), command.Actor.Name, "stock.set", "StoreStock", $"{command.StoreId}/{command.ProductId}",
            before is null ? null : new { before.OnHand, before.Reserved }, new { after.OnHand, after.Reserved }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new StockLevel(after.StoreId, after.ProductId, after.OnHand, after.Reserved, after.OnHand - after.Reserved);
    }
}
