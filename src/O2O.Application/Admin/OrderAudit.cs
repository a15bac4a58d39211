using O2O.Application.Abstractions;
using O2O.Domain.Orders;

namespace O2O.Application.Admin;

public static class OrderAudit
{
    public static AuditEntry Entry(DateTimeOffset at, Actor actor, string action, Order order, string statusBefore) =>
        new(at, actor.Name, action, "Order", order.Id.ToString(),
            new { Status = statusBefore, order.Number }, new { Status = order.Status.ToString(), order.Number, order.TotalAmount, order.Refunded });
}
