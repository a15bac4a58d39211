using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Admin;
using O2O.Application.Checkout;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Domain.Orders;

namespace O2O.Application.Orders;

/// <summary>
/// The shopper (order token or owner) names someone to collect in their place, or clears the name to come themselves,
/// while the order can still be handed over. The desk reads the name at hand-over; the history and the audit log keep
/// each change.
/// </summary>
public sealed record NameCollector(Guid OrderId, string? AccessToken, Actor Actor, string? CollectorName) : ICommand<Result<OrderView>>;

public sealed class NameCollectorValidator : AbstractValidator<NameCollector>
{
    public NameCollectorValidator() =>
        RuleFor(x => x.CollectorName).Must(CollectorNames.IsValid)
            .WithMessage(_ => Texts.Format(Messages.Collector_NameInvalid, CollectorNames.MaxLength)).OverridePropertyName("collectorName");
}

public sealed class NameCollectorHandler(IAppDbContext db, IPaymentGateway payments, TimeProvider clock)
    : ICommandHandler<NameCollector, Result<OrderView>>
{
    public async ValueTask<Result<OrderView>> Handle(NameCollector command, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Under the order's row lock, as hand-over takes it: the name cannot change while a clerk is handing the order over.
        if (!await HoldSql.LockOrderAsync(db, command.OrderId, ct)) return Error.NotFound(Messages.NotFound_Order);
        var order = (await OrderAccess.LoadAsync(db, command.OrderId, ct))!;
        if (!OrderAccess.IsShopperOf(order, command.Actor, command.AccessToken)) return Error.NotFound(Messages.NotFound_Order);
        var store = await db.Stores.AsNoTracking().FirstAsync(s => s.Id == order.StoreId, ct);

        var now = clock.GetUtcNow();
        var before = order.CollectorName;
        switch (order.ChangeCollector(command.CollectorName, now, "shopper"))
        {
            case CollectorOutcome.NotChangeable:
                return new Error(ErrorKind.Conflict, "collector_not_changeable", Messages.Collector_NotChangeable);
            case CollectorOutcome.Changed:
                db.AuditEntries.Add(new AuditEntry(now, command.Actor.UserId is null ? "shopper" : command.Actor.Name, "order.collector", "Order", order.Id.ToString(),
                    new { CollectorName = before }, new { order.CollectorName }));
                await db.SaveChangesAsync(ct);
                break;
        }
        await tx.CommitAsync(ct);
        return OrderView.From(order, store, payments.IsTestMode);
    }
}
