using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Localization;
using O2O.Domain.Orders;

namespace O2O.Application.Loyalty;

/// <summary>
/// The checkout's part of the programme: whether these points may pay part of this order, and what they take off.
/// Whether the shopper has them is for the ledger's guarded statement in the checkout's batch, never read here.
/// </summary>
public static class LoyaltyCheckout
{
    /// <summary>Applies the discount to the order, or returns why the points can't pay (422 with the most they could).</summary>
    public static async Task<Error?> PayWithPointsAsync(IAppDbContext db, Order order, long points, CancellationToken ct)
    {
        var program = await LoyaltyProgram.ReadAsync(db, ct);
        if (!program.Enabled)
            return new Error(ErrorKind.Unprocessable, "loyalty_disabled", Messages.Loyalty_Disabled);
        var step = program.PointsStep(order.Currency);
        if (program.ValueOf(points, order.Currency) is not { } discount)
            return new Error(ErrorKind.Unprocessable, "loyalty_not_applicable", Texts.Format(Messages.Loyalty_PointsStep, Formats.Number(step)),
                new Dictionary<string, object?> { ["pointsStep"] = step });
        var maxPoints = program.MaxPoints(order.TotalAmount, order.Currency);
        if (discount > program.MaxDiscount(order.TotalAmount))
            return new Error(ErrorKind.Unprocessable, "loyalty_over_limit", Texts.Format(Messages.Loyalty_OverLimit, program.MaxSharePercent, Formats.Number(maxPoints)),
                new Dictionary<string, object?> { ["maxPoints"] = maxPoints });
        order.PayWithPoints(points, discount);
        return null;
    }
}
