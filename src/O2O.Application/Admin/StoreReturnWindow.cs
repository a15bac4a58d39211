using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Domain.Stores;

namespace O2O.Application.Admin;

/// <summary>How many days after collection the store's counter takes items back (0: none).</summary>
public sealed record SetStoreReturnWindow(Guid StoreId, int? Days, Actor Actor) : ICommand<Result<StoreReturnWindow>>;

public sealed record GetStoreReturnWindow(Guid StoreId) : IQuery<StoreReturnWindow?>;

public sealed record StoreReturnWindow(Guid StoreId, int ReturnWindowDays);

public sealed class SetStoreReturnWindowValidator : AbstractValidator<SetStoreReturnWindow>
{
    public SetStoreReturnWindowValidator() =>
        RuleFor(x => x.Days).NotNull().InclusiveBetween(0, Store.MaxReturnWindowDays).OverridePropertyName("returnWindowDays").WithName(_ => Messages.Field_ReturnWindowDays);
}

public sealed class SetStoreReturnWindowHandler(IAppDbContext db, TimeProvider clock) : ICommandHandler<SetStoreReturnWindow, Result<StoreReturnWindow>>
{
    public async ValueTask<Result<StoreReturnWindow>> Handle(SetStoreReturnWindow command, CancellationToken ct)
    {
        var store = await db.Stores.FirstOrDefaultAsync(s => s.Id == command.StoreId, ct);
        if (store is null) return Error.NotFound(Messages.NotFound_Store);
        var before = store.ReturnWindowDays;
        store.SetReturnWindow(command.Days!.Value);
        if (before != store.ReturnWindowDays)
            db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), command.Actor.Name, "store.return-window", "Store", store.Id.ToString(),
                new { ReturnWindowDays = before }, new { store.ReturnWindowDays }));
        await db.SaveChangesAsync(ct);
        return new StoreReturnWindow(store.Id, store.ReturnWindowDays);
    }
}

public sealed class GetStoreReturnWindowHandler(IAppDbContext db) : IQueryHandler<GetStoreReturnWindow, StoreReturnWindow?>
{
    public async ValueTask<StoreReturnWindow?> Handle(GetStoreReturnWindow query, CancellationToken ct) =>
        await db.Stores.AsNoTracking().Where(s => s.Id == query.StoreId)
            .Select(s => new StoreReturnWindow(s.Id, s.ReturnWindowDays)).FirstOrDefaultAsync(ct);
}
