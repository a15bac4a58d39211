using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Domain.Carts;

namespace O2O.Application.Carts;

/// <summary>
/// A shopper signs in: the cart of this device joins their account's cart (or becomes it), so it follows them to their
/// other devices. Returns the cart this device opens from now on.
/// </summary>
public sealed record AdoptCartOnSignIn(Guid? DeviceCartId, string UserId) : ICommand<Guid>;

public sealed class AdoptCartOnSignInHandler(IAppDbContext db, TimeProvider clock) : ICommandHandler<AdoptCartOnSignIn, Guid>
{
    public async ValueTask<Guid> Handle(AdoptCartOnSignIn command, CancellationToken ct)
    {
        try
        {
            return await AdoptAsync(command, ct);
        }
        catch (DbUpdateException)
        {
            // Two devices signed in at once and both gave the account a cart: the unique index kept one; join that one.
            db.ChangeTracker.Clear();
            return await AdoptAsync(command, ct);
        }
    }

    private async Task<Guid> AdoptAsync(AdoptCartOnSignIn command, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var account = await db.Carts.Include(c => c.Lines).FirstOrDefaultAsync(c => c.UserId == command.UserId, ct);
        var device = command.DeviceCartId is { } id && id != account?.Id
            ? await db.Carts.Include(c => c.Lines).FirstOrDefaultAsync(c => c.Id == id, ct)
            : null;
        // Someone else's cart (a shared device) is theirs to keep, not to merge.
        if (device is { UserId: not null }) device = null;

        Guid result;
        if (device is null && account is null)
        {
            // An empty cart for the account now, so what the shopper adds while signed in is the account's from the start.
            var fresh = new Cart(Guid.CreateVersion7(), now);
            fresh.BelongTo(command.UserId, now);
            db.Carts.Add(fresh);
            result = fresh.Id;
        }
        else if (device is null) result = account!.Id;
        else if (account is null)
        {
            device.BelongTo(command.UserId, now);
            result = device.Id;
        }
        else
        {
            account.TakeOver(device, now);
            db.Carts.Remove(device);
            result = account.Id;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return result;
    }
}
