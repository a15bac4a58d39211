using Mediator;
using O2O.Application.Abstractions;
using O2O.Application.Common;

namespace O2O.Application.Promotions;

/// <summary>
/// Pauses or resumes a promotion. A paused promotion takes no new use from the next statement on (the guarded take reads
/// <c>NOT paused</c>); uses already made stay. Pausing a paused promotion changes nothing.
/// </summary>
public sealed record SetPromotionPaused(Guid Id, bool Paused, Actor Actor) : ICommand<Result<PromotionView>>;

public sealed class SetPromotionPausedHandler(IAppDbContext db, TimeProvider clock, ISender sender) : ICommandHandler<SetPromotionPaused, Result<PromotionView>>
{
    public async ValueTask<Result<PromotionView>> Handle(SetPromotionPaused command, CancellationToken ct)
    {
        var saved = await PromotionWrites.ChangeAsync(db, command.Id, promotion =>
        {
            if (promotion.Paused == command.Paused) return null;
            if (command.Paused) promotion.Pause();
            else promotion.Resume();
            db.AuditEntries.Add(PromotionWrites.Audit(clock.GetUtcNow(), command.Actor, command.Paused ? "promotion.pause" : "promotion.resume",
                promotion.Id, new { Paused = !command.Paused }, new { command.Paused }));
            return null;
        }, ct);
        if (!saved.IsSuccess) return saved.Error!;
        return (await sender.Send(new GetPromotion(command.Id), ct))!;
    }
}
